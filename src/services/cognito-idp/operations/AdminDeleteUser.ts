import type { AdminDeleteUserRequest } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { requireUser } from '../users/store.js';
import { deleteUserData } from '../users/delete.js';

const AdminDeleteUser: Operation<AdminDeleteUserRequest, void> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  await deps.store.tx(async (trx) => {
    const { sub } = await requireUser(trx, pool, input.Username);
    await deleteUserData(trx, pool.id, sub);
  });
};
export default AdminDeleteUser;
