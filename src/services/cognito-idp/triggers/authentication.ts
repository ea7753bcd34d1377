// PreAuthentication and PostAuthentication (developer guide, "Pre authentication Lambda trigger",
// "Post authentication Lambda trigger"). Pre runs once the user is known and before the password
// is checked: a throw refuses the sign-in (UserLambdaValidationException) and costs no attempt.
// Post runs when the sign-in has succeeded and before its tokens are issued: a throw refuses the
// sign-in, so no tokens exist that the caller never received.
import type { Deps } from '../../context.js';
import type { Client, Pool } from '../pools/store.js';
import type { User } from '../users/store.js';
import { runTrigger } from './invoke.js';

/** What the handler sees of the user: the attributes with sub and the status, as Cognito sends them. */
export const attributesOf = (user: User) => ({
  sub: user.sub,
  ...user.attributes,
  'cognito:user_status': user.status,
});

export async function preAuthentication(
  deps: Deps,
  pool: Pool,
  client: Client,
  user: User,
  opts: { validationData?: Record<string, string>; clientMetadata?: Record<string, string> } = {},
): Promise<void> {
  if (!pool.config.LambdaConfig?.PreAuthentication) return;
  await runTrigger(deps, pool, 'PreAuthentication', {
    source: 'PreAuthentication_Authentication',
    userName: user.username,
    clientId: client.clientId,
    request: {
      userAttributes: attributesOf(user),
      validationData: opts.validationData ?? null,
      userNotFound: false,
      ...(opts.clientMetadata ? { clientMetadata: opts.clientMetadata } : {}),
    },
  });
}

export async function postAuthentication(
  deps: Deps,
  pool: Pool,
  client: Client,
  user: User,
  opts: { newDeviceUsed?: boolean; clientMetadata?: Record<string, string> } = {},
): Promise<void> {
  if (!pool.config.LambdaConfig?.PostAuthentication) return;
  await runTrigger(deps, pool, 'PostAuthentication', {
    source: 'PostAuthentication_Authentication',
    userName: user.username,
    clientId: client.clientId,
    request: {
      userAttributes: attributesOf(user),
      newDeviceUsed: opts.newDeviceUsed ?? false,
      ...(opts.clientMetadata ? { clientMetadata: opts.clientMetadata } : {}),
    },
  });
}
