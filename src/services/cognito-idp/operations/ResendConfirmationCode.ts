import type {
  ResendConfirmationCodeRequest,
  ResendConfirmationCodeResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { getClientAndPool } from '../pools/store.js';
import { checkSecretHash } from '../users/secret-hash.js';
import { resendSignUpCode } from '../users/sign-up.js';

const ResendConfirmationCode: Operation<ResendConfirmationCodeRequest, ResendConfirmationCodeResponse> = async (
  deps,
  _ctx,
  input,
) => {
  const { client, pool } = await getClientAndPool(deps.store.db, input.ClientId);
  checkSecretHash(client, input.Username, input.SecretHash);
  return {
    CodeDeliveryDetails: await resendSignUpCode(
      deps,
      pool,
      client,
      input.Username,
      input.UserContextData,
      input.ClientMetadata,
    ),
  };
};
export default ResendConfirmationCode;
