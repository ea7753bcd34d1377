import type {
  AdminResetUserPasswordRequest,
  AdminResetUserPasswordResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { requireSelfService, sendResetCode } from '../users/recovery.js';

// Requires self-service recovery (API reference); without it, or without a verified channel,
// the same refusals as ForgotPassword. Returns no delivery details (API reference). The hourly
// reset attempts are the public operations' (developer guide, "Forgot password behavior").
const AdminResetUserPassword: Operation<AdminResetUserPasswordRequest, AdminResetUserPasswordResponse> = async (
  deps,
  ctx,
  input,
) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  requireSelfService(pool);
  await sendResetCode(deps, pool, input.Username, {
    hide: false,
    resetRequired: true,
    notFound: 'User does not exist.',
    limited: false,
    ...(input.ClientMetadata ? { clientMetadata: input.ClientMetadata } : {}),
  });
  return {};
};
export default AdminResetUserPassword;
