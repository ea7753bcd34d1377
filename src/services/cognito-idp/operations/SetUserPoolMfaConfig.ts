import type {
  SetUserPoolMfaConfigRequest,
  SetUserPoolMfaConfigResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { checkSignInPolicy } from '../pools/sign-in-policy.js';
import { checkTier } from '../pools/tier.js';
import { getPool, updatePool } from '../pools/store.js';
import { mfaView, setMfa } from '../pools/mfa.js';
import { checkMessagingConfig } from '../pools/config.js';

const SetUserPoolMfaConfig: Operation<SetUserPoolMfaConfigRequest, SetUserPoolMfaConfigResponse> = async (
  deps,
  ctx,
  input,
) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  // The plan is checked before the email settings (which of the two AWS checks first is not on record).
  checkTier({ ...pool.config, EmailMfaConfiguration: input.EmailMfaConfiguration });
  const config = setMfa(pool.config, input);
  checkSignInPolicy(config);
  await checkMessagingConfig(deps, pool, config, pool.config);
  await updatePool(deps.store.db, pool, { config }, deps.now());
  return mfaView(config);
};
export default SetUserPoolMfaConfig;
