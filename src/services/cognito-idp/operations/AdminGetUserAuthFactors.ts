import type {
  AdminGetUserAuthFactorsRequest,
  AdminGetUserAuthFactorsResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { requireUser } from '../users/store.js';
import { userAuthFactors } from '../passwordless/factors.js';

const AdminGetUserAuthFactors: Operation<AdminGetUserAuthFactorsRequest, AdminGetUserAuthFactorsResponse> = async (
  deps,
  ctx,
  input,
) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const user = await requireUser(deps.store.db, pool, input.Username);
  return userAuthFactors(deps.store.db, pool, user);
};
export default AdminGetUserAuthFactors;
