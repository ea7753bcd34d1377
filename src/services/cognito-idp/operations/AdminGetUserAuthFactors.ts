import type {
  AdminGetUserAuthFactorsRequest,
  AdminGetUserAuthFactorsResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { requireUser } from '../users/store.js';
import { mfaFields } from '../users/mfa.js';
import { configuredFactors } from '../passwordless/factors.js';

const AdminGetUserAuthFactors: Operation<AdminGetUserAuthFactorsRequest, AdminGetUserAuthFactorsResponse> = async (
  deps,
  ctx,
  input,
) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const user = await requireUser(deps.store.db, pool, input.Username);
  const { PreferredMfaSetting, UserMFASettingList } = mfaFields(user);
  return {
    Username: user.username,
    ...(PreferredMfaSetting ? { PreferredMfaSetting } : {}),
    ...(UserMFASettingList ? { UserMFASettingList } : {}),
    ConfiguredUserAuthFactors: await configuredFactors(deps.store.db, pool, user),
  };
};
export default AdminGetUserAuthFactors;
