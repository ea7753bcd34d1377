import type { AdminDeleteUserRequest } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { requireUser } from '../users/store.js';

const AdminDeleteUser: Operation<AdminDeleteUserRequest> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId!);
  await deps.store.tx(async (trx) => {
    const { sub } = await requireUser(trx, pool, input.Username!);
    // Everything keyed by the user goes with it, so a later user can never inherit a code or a group.
    await trx.deleteFrom('user_codes').where('pool_id', '=', pool.id).where('sub', '=', sub).execute();
    await trx.deleteFrom('group_members').where('pool_id', '=', pool.id).where('sub', '=', sub).execute();
    await trx.deleteFrom('users').where('pool_id', '=', pool.id).where('sub', '=', sub).execute();
  });
  return {};
};
export default AdminDeleteUser;
