import type { AdminAddUserToGroupRequest } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { requireUser } from '../users/store.js';
import { addMember, lockGroup } from '../groups/store.js';

/** Adding a member twice is not an error: AWS answers 200 and the user stays in the group once. */
const AdminAddUserToGroup: Operation<AdminAddUserToGroupRequest, void> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  await deps.store.tx(async (trx) => {
    await lockGroup(trx, pool.id, input.GroupName);
    const user = await requireUser(trx, pool, input.Username);
    await addMember(trx, pool.id, input.GroupName, user.sub);
  });
};
export default AdminAddUserToGroup;
