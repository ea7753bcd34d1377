import type { GetUserAuthFactorsRequest, GetUserAuthFactorsResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { authenticate } from '../tokens/verify.js';
import { mfaFields } from '../users/mfa.js';
import { configuredFactors } from '../passwordless/factors.js';

const GetUserAuthFactors: Operation<GetUserAuthFactorsRequest, GetUserAuthFactorsResponse> = async (
  deps,
  _ctx,
  input,
) => {
  const { pool, user } = await authenticate(deps, input.AccessToken);
  const { PreferredMfaSetting, UserMFASettingList } = mfaFields(user);
  return {
    Username: user.username,
    ...(PreferredMfaSetting ? { PreferredMfaSetting } : {}),
    ...(UserMFASettingList ? { UserMFASettingList } : {}),
    ConfiguredUserAuthFactors: await configuredFactors(deps.store.db, pool, user),
  };
};
export default GetUserAuthFactors;
