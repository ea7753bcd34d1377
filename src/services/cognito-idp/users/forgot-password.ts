// ForgotPassword and ConfirmForgotPassword once the client and its secret hash are checked: the
// operations and the managed login password pages (../login/forgot.ts) both run these, so a
// reset on the page is the API's (limits, hiding clients, events, the code through the outbox).
import type { CodeDeliveryDetailsType, UserContextDataType } from '@aws-sdk/client-cognito-identity-provider';
import type { Deps } from '../../context.js';
import type { Client, Pool } from '../pools/store.js';
import { eventContext, recordForName } from '../risk/events.js';
import { confirmedAttributes, postConfirmation } from '../triggers/post-confirmation.js';
import { CLIENT_USER_NOT_FOUND, confirmReset, hidesUsers, requireSelfService, sendResetCode } from './recovery.js';

export async function forgotPassword(
  deps: Deps,
  pool: Pool,
  client: Client,
  username: string,
  contextData?: UserContextDataType,
  clientMetadata?: Record<string, string>,
): Promise<CodeDeliveryDetailsType> {
  // A pool-wide refusal: it says nothing about the user, so it comes before the look-up.
  requireSelfService(pool);
  const details = await sendResetCode(deps, pool, username, {
    hide: hidesUsers(client),
    resetRequired: false,
    notFound: CLIENT_USER_NOT_FOUND,
    limited: true,
    clientId: client.clientId,
    migrateFor: client,
    ...(clientMetadata ? { clientMetadata } : {}),
  });
  const context = eventContext(contextData);
  await recordForName(deps, pool, username, {
    type: 'ForgotPassword',
    response: 'Pass',
    clientId: client.clientId,
    ...(context ? { context } : {}),
  });
  return details;
}

export async function confirmForgotPassword(
  deps: Deps,
  pool: Pool,
  client: Client,
  username: string,
  code: string,
  password: string,
  contextData?: UserContextDataType,
  clientMetadata?: Record<string, string>,
): Promise<void> {
  const user = await confirmReset(deps, pool, username, code, password, hidesUsers(client));
  // A new password set through a reset code: recorded as the password change it is (AWS's event type for it is not on record).
  const context = eventContext(contextData);
  await recordForName(deps, pool, username, {
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
    clientMetadata,
  });
}
