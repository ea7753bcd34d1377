import type {
  ConfirmForgotPasswordRequest,
  ConfirmForgotPasswordResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { getClientAndPool } from '../pools/store.js';
import { checkSecretHash } from '../users/secret-hash.js';
import { confirmReset, hidesUsers } from '../users/recovery.js';
import { eventContext, recordForName } from '../risk/events.js';
import { confirmedAttributes, postConfirmation } from '../triggers/post-confirmation.js';

const ConfirmForgotPassword: Operation<ConfirmForgotPasswordRequest, ConfirmForgotPasswordResponse> = async (
  deps,
  _ctx,
  input,
) => {
  const { client, pool } = await getClientAndPool(deps.store.db, input.ClientId);
  checkSecretHash(client, input.Username, input.SecretHash);
  const user = await confirmReset(
    deps,
    pool,
    input.Username,
    input.ConfirmationCode,
    input.Password,
    hidesUsers(client),
  );
  // A new password set through a reset code: recorded as the password change it is (AWS's event type for it is not on record).
  const context = eventContext(input.UserContextData);
  await recordForName(deps, pool, input.Username, {
    type: 'PasswordChange',
    response: 'Pass',
    clientId: client.clientId,
    ...(context ? { context } : {}),
  });
  // After commit: a failing handler leaves the new password set (triggers/post-confirmation.ts).
  await postConfirmation(deps, pool, 'PostConfirmation_ConfirmForgotPassword', {
    userName: user.username,
    attributes: confirmedAttributes(user),
    clientId: client.clientId,
    clientMetadata: input.ClientMetadata,
  });
  return {};
};
export default ConfirmForgotPassword;
