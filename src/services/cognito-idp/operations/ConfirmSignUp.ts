import type { ConfirmSignUpRequest, ConfirmSignUpResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { getClientAndPool } from '../pools/store.js';
import { checkSecretHash } from '../users/secret-hash.js';
import { confirmSignUp } from '../users/confirm.js';
import { hidesUsers } from '../users/recovery.js';
import { confirmedAttributes, postConfirmation } from '../triggers/post-confirmation.js';

const ConfirmSignUp: Operation<ConfirmSignUpRequest, ConfirmSignUpResponse> = async (deps, _ctx, input) => {
  const { client, pool } = await getClientAndPool(deps.store.db, input.ClientId);
  checkSecretHash(client, input.Username, input.SecretHash);
  const user = await confirmSignUp(
    deps,
    pool,
    input.Username,
    input.ConfirmationCode,
    input.ForceAliasCreation ?? false,
    hidesUsers(client),
  );
  // After commit: a failing handler leaves the user confirmed (triggers/post-confirmation.ts).
  await postConfirmation(deps, pool, 'PostConfirmation_ConfirmSignUp', {
    userName: user.username,
    attributes: confirmedAttributes(user),
    clientId: client.clientId,
    clientMetadata: input.ClientMetadata,
  });
  return {};
};
export default ConfirmSignUp;
