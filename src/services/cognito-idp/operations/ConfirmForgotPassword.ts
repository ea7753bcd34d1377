import type {
  ConfirmForgotPasswordRequest,
  ConfirmForgotPasswordResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { getClientAndPool } from '../pools/store.js';
import { checkSecretHash } from '../users/secret-hash.js';
import { confirmForgotPassword } from '../users/forgot-password.js';

const ConfirmForgotPassword: Operation<ConfirmForgotPasswordRequest, ConfirmForgotPasswordResponse> = async (
  deps,
  _ctx,
  input,
) => {
  const { client, pool } = await getClientAndPool(deps.store.db, input.ClientId);
  checkSecretHash(client, input.Username, input.SecretHash);
  await confirmForgotPassword(
    deps,
    pool,
    client,
    input.Username,
    input.ConfirmationCode,
    input.Password,
    input.UserContextData,
    input.ClientMetadata,
  );
  return {};
};
export default ConfirmForgotPassword;
