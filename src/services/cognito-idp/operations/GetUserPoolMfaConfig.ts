import type {
  GetUserPoolMfaConfigRequest,
  GetUserPoolMfaConfigResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { mfaView } from '../pools/mfa.js';

const GetUserPoolMfaConfig: Operation<GetUserPoolMfaConfigRequest, GetUserPoolMfaConfigResponse> = async (
  deps,
  ctx,
  input,
) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  return mfaView(pool.config);
};
export default GetUserPoolMfaConfig;
