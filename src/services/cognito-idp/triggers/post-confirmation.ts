// PostConfirmation: after ConfirmSignUp or ConfirmForgotPassword has committed (developer guide,
// "Post confirmation Lambda trigger"). The change stands when the handler fails: the user stays
// confirmed (or keeps the new password) and the caller hears the trigger's exception, as users of
// Cognito report (the confirmation is not rolled back).
import type { Deps } from '../../context.js';
import type { Pool } from '../pools/store.js';
import type { User } from '../users/store.js';
import { runTrigger } from './invoke.js';

/** The user's attributes as the handler sees them: with sub and the status (developer guide's example event). */
export const confirmedAttributes = (user: User): Record<string, string> => ({
  sub: user.sub,
  ...user.attributes,
  'cognito:user_status': user.status,
});

export async function postConfirmation(
  deps: Deps,
  pool: Pool,
  source: 'PostConfirmation_ConfirmSignUp' | 'PostConfirmation_ConfirmForgotPassword',
  call: {
    userName: string;
    attributes: Record<string, string>;
    clientId?: string;
    clientMetadata?: Record<string, string>;
  },
): Promise<void> {
  if (!pool.config.LambdaConfig?.PostConfirmation) return;
  await runTrigger(deps, pool, 'PostConfirmation', {
    source,
    userName: call.userName,
    ...(call.clientId ? { clientId: call.clientId } : {}),
    request: {
      userAttributes: call.attributes,
      ...(call.clientMetadata ? { clientMetadata: call.clientMetadata } : {}),
    },
  });
}
