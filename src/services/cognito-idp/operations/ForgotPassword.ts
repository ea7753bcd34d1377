import type { ForgotPasswordRequest, ForgotPasswordResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { getClientAndPool } from '../pools/store.js';
import { checkSecretHash } from '../users/secret-hash.js';
import { eventContext, recordForName } from '../risk/events.js';
import { CLIENT_USER_NOT_FOUND, hidesUsers, requireSelfService, sendResetCode } from '../users/recovery.js';

const ForgotPassword: Operation<ForgotPasswordRequest, ForgotPasswordResponse> = async (deps, _ctx, input) => {
  const { client, pool } = await getClientAndPool(deps.store.db, input.ClientId);
  checkSecretHash(client, input.Username, input.SecretHash);
  // A pool-wide refusal: it says nothing about the user, so it comes before the look-up.
  requireSelfService(pool);
  const CodeDeliveryDetails = await sendResetCode(deps, pool, input.Username, {
    hide: hidesUsers(client),
    resetRequired: false,
    notFound: CLIENT_USER_NOT_FOUND,
    limited: true,
    clientId: client.clientId,
    migrateFor: client,
    ...(input.ClientMetadata ? { clientMetadata: input.ClientMetadata } : {}),
  });
  const context = eventContext(input.UserContextData);
  await recordForName(deps, pool, input.Username, {
    type: 'ForgotPassword',
    response: 'Pass',
    clientId: client.clientId,
    ...(context ? { context } : {}),
  });
  return { CodeDeliveryDetails };
};
export default ForgotPassword;
