import type { ForgotPasswordRequest, ForgotPasswordResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { getClientAndPool } from '../pools/store.js';
import { checkSecretHash } from '../users/secret-hash.js';
import { forgotPassword } from '../users/forgot-password.js';

const ForgotPassword: Operation<ForgotPasswordRequest, ForgotPasswordResponse> = async (deps, _ctx, input) => {
  const { client, pool } = await getClientAndPool(deps.store.db, input.ClientId);
  checkSecretHash(client, input.Username, input.SecretHash);
  return {
    CodeDeliveryDetails: await forgotPassword(
      deps,
      pool,
      client,
      input.Username,
      input.UserContextData,
      input.ClientMetadata,
    ),
  };
};
export default ForgotPassword;
