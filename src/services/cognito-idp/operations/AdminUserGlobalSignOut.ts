import type {
  AdminUserGlobalSignOutRequest,
  AdminUserGlobalSignOutResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { requireUser } from '../users/store.js';
import { revokeAllOf } from '../tokens/refresh.js';

const AdminUserGlobalSignOut: Operation<AdminUserGlobalSignOutRequest, AdminUserGlobalSignOutResponse> = async (
  deps,
  ctx,
  input,
) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const user = await requireUser(deps.store.db, pool, input.Username);
  await revokeAllOf(deps.store.db, pool.id, user.sub, deps.now());
  return {};
};
export default AdminUserGlobalSignOut;
