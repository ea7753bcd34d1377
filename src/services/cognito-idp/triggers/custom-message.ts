// CustomMessage: called before a message is queued (outside the transaction that queues it), with
// placeholders, never the code: the handler returns texts holding `{####}` (and, for an invitation,
// `{username}`), which Cognito fills when it renders the message (developer guide, "Custom message
// Lambda trigger"). A returned message without its placeholders is not used and the pool's own
// text goes out, while a returned subject still applies (what users report of Cognito: Stack
// Overflow 56865198). Every message then takes the messaging plane's path as any other.
import type { Deps } from '../../context.js';
import type { Pool } from '../pools/store.js';
import type { Activity, CustomTexts } from '../messages/templates.js';
import { runTrigger } from './invoke.js';

export const CODE_PARAMETER = '{####}';
export const USERNAME_PARAMETER = '{username}';
export const LINK_PARAMETER = '{##Click Here##}';

export type CustomMessageSource =
  | 'CustomMessage_SignUp'
  | 'CustomMessage_AdminCreateUser'
  | 'CustomMessage_ResendCode'
  | 'CustomMessage_ForgotPassword'
  | 'CustomMessage_UpdateUserAttribute'
  | 'CustomMessage_VerifyUserAttribute'
  | 'CustomMessage_Authentication';

/** The trigger source of a message of `activity`; verify_attribute is told apart by its caller. */
export const sourceOf = (activity: Activity, manual = false): CustomMessageSource =>
  ({
    signup: 'CustomMessage_SignUp',
    resend: 'CustomMessage_ResendCode',
    verify_attribute: manual ? 'CustomMessage_VerifyUserAttribute' : 'CustomMessage_UpdateUserAttribute',
    forgot_password: 'CustomMessage_ForgotPassword',
    invitation: 'CustomMessage_AdminCreateUser',
    mfa: 'CustomMessage_Authentication',
  })[activity] as CustomMessageSource;

const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

export async function customMessage(
  deps: Deps,
  pool: Pool,
  source: CustomMessageSource,
  user: { username: string; attributes: Record<string, string> },
  opts: { clientId?: string; clientMetadata?: Record<string, string> } = {},
): Promise<CustomTexts | undefined> {
  if (!pool.config.LambdaConfig?.CustomMessage) return undefined;
  const invitation = source === 'CustomMessage_AdminCreateUser';
  const response = await runTrigger(deps, pool, 'CustomMessage', {
    source,
    userName: user.username,
    ...(opts.clientId ? { clientId: opts.clientId } : {}),
    request: {
      userAttributes: user.attributes,
      codeParameter: CODE_PARAMETER,
      linkParameter: LINK_PARAMETER,
      usernameParameter: invitation ? USERNAME_PARAMETER : null,
      ...(opts.clientMetadata ? { clientMetadata: opts.clientMetadata } : {}),
    },
    response: { smsMessage: null, emailMessage: null, emailSubject: null },
  });
  if (!response) return undefined;
  const usable = (m: string | undefined) =>
    m !== undefined &&
    (m.includes(CODE_PARAMETER) || /\{##[\s\S]*?##\}/.test(m)) &&
    (!invitation || m.includes(USERNAME_PARAMETER));
  const emailMessage = text(response.emailMessage);
  const smsMessage = text(response.smsMessage);
  const emailSubject = text(response.emailSubject);
  return {
    ...(emailSubject ? { emailSubject } : {}),
    ...(usable(emailMessage) ? { emailMessage } : {}),
    ...(usable(smsMessage) ? { smsMessage } : {}),
  };
}
