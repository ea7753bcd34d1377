import type { AdminDisableUserRequest, AdminDisableUserResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { requireUser } from '../users/store.js';
import { revokeAllOf } from '../tokens/refresh.js';

const AdminDisableUser: Operation<AdminDisableUserRequest, AdminDisableUserResponse> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  await deps.store.tx(async (trx) => {
    const { sub } = await requireUser(trx, pool, input.Username);
    // Only the flag: a whole-row save could undo a concurrent attribute change.
    await trx
      .updateTable('users')
      .set({ enabled: 0, updated_at: deps.now() })
      .where('pool_id', '=', pool.id)
      .where('sub', '=', sub)
      .execute();
    // A disabled user's sign-ins end with it (their refresh tokens are revoked, as in AWS).
    await revokeAllOf(trx, pool.id, sub, deps.now());
  });
  return {};
};
export default AdminDisableUser;
