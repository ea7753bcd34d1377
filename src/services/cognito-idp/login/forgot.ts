// The password pages of managed login: /forgotPassword asks for the username and sends a code
// through ForgotPassword's own step, /confirmForgotPassword takes the code and a new password
// through ConfirmForgotPassword's (users/forgot-password.ts: the recovery settings, the hour's
// limits, a hiding client's simulated deliveries, the pool's password policy), then back to the
// sign-in form.
import { confirmForgotPassword, forgotPassword } from '../users/forgot-password.js';
import { CSRF_FIELD } from './csrf.js';
import { FORGED, formTag, pageUrl, postedForm, render, type LoginContext } from './context.js';
import { LIMITS, TOO_LONG, TooLong, value } from './form.js';
import { esc, field, hidden, submit } from './page.js';
import { showSignIn } from './sign-in-form.js';
import { policyWords } from './sign-up.js';
import { ACCOUNT_WORDS, isAwsError, plainWords } from './words.js';

const ipOf = (c: LoginContext) => (c.req.socket.remoteAddress ? { IpAddress: c.req.socket.remoteAddress } : undefined);

async function showForgot(c: LoginContext, status = 200, error?: string, username = ''): Promise<void> {
  await render(c, status, {
    title: 'Forgot your password?',
    error,
    notice: 'Enter your username and we will send you a code to reset your password.',
    agreeBy: false,
    body: (csrf) => `${formTag(c, '/forgotPassword')}
${hidden(CSRF_FIELD, csrf)}
${field('username', 'Username', 'text', `autocomplete="username" autocapitalize="none" required maxlength="${LIMITS.username}" value="${esc(username)}"`)}
${submit('Reset my password')}
</form><div class="links"><a class="redirect-customizable" href="${esc(pageUrl(c, '/login'))}">Back to sign in</a></div>`,
  });
}

async function showReset(
  c: LoginContext,
  shown: { status?: number; username?: string; error?: string; notice?: string } = {},
): Promise<void> {
  const { status = 200, username = '', error, notice } = shown;
  await render(c, status, {
    title: 'Reset your password',
    error,
    notice: notice ?? 'Enter the code we sent you and choose a new password.',
    agreeBy: false,
    body: (csrf) => `${formTag(c, '/confirmForgotPassword')}
${hidden(CSRF_FIELD, csrf)}${hidden('username', username)}
${field('code', 'Code', 'text', `inputmode="numeric" autocomplete="one-time-code" required maxlength="${LIMITS.code}"`)}
${field('password', 'New password', 'password', `autocomplete="new-password" required maxlength="${LIMITS.password}" aria-describedby="password-policy"`)}
${field('password_again', 'Enter the new password again', 'password', `autocomplete="new-password" required maxlength="${LIMITS.password}"`)}
<p class="legalText-customizable" id="password-policy">${esc(policyWords(c.d.pool))}</p>
${submit('Change password')}
</form><div class="links"><a class="redirect-customizable" href="${esc(pageUrl(c, '/forgotPassword'))}">Send a new code</a></div>`,
  });
}

export const getForgot = (c: LoginContext) => showForgot(c);

/** POST /forgotPassword: a code to the user's recovery address, then the reset form. */
export async function postForgot(c: LoginContext, body: Buffer): Promise<void> {
  const form = postedForm(c, body);
  if (!form) return showForgot(c, 403, FORGED);
  let username: string;
  try {
    username = value(form, 'username', 'username');
  } catch (e) {
    if (e instanceof TooLong) return showForgot(c, 400, TOO_LONG);
    throw e;
  }
  if (!username) return showForgot(c, 400, 'Enter your username.');
  let sent: Awaited<ReturnType<typeof forgotPassword>>;
  try {
    sent = await forgotPassword(c.deps, c.d.pool, c.a.client, username, ipOf(c));
  } catch (e) {
    if (!isAwsError(e)) throw e;
    return showForgot(c, 400, plainWords(e, ACCOUNT_WORDS), username);
  }
  return showReset(c, { username, notice: `We sent a code to ${sent.Destination}. Enter it and a new password.` });
}

/** GET /confirmForgotPassword: the reset form for the username the link names. */
export const getReset = (c: LoginContext, url: URL) =>
  showReset(c, { username: url.searchParams.get('username') ?? '' });

/** POST /confirmForgotPassword: the code and the new password; then sign in with it. */
export async function postReset(c: LoginContext, body: Buffer): Promise<void> {
  const form = postedForm(c, body);
  if (!form) return showReset(c, { status: 403, error: FORGED });
  let username: string;
  let code: string;
  let password: string;
  try {
    username = value(form, 'username', 'username');
    code = value(form, 'code', 'code');
    password = value(form, 'password', 'password');
  } catch (e) {
    if (e instanceof TooLong) return showReset(c, { status: 400, error: TOO_LONG });
    throw e;
  }
  // cognate's words for each of these: a page's own checks before the API's.
  if (!username) return showForgot(c, 400, 'Enter your username to get a code.');
  if (!code || !password) return showReset(c, { status: 400, username, error: 'Enter the code and a new password.' });
  if (password !== (form.get('password_again') ?? ''))
    return showReset(c, { status: 400, username, error: 'The two passwords are not the same.' });
  try {
    await confirmForgotPassword(c.deps, c.d.pool, c.a.client, username, code, password, ipOf(c));
  } catch (e) {
    if (!isAwsError(e)) throw e;
    return showReset(c, { status: 400, username, error: plainWords(e, ACCOUNT_WORDS) });
  }
  return showSignIn(c, { notice: 'Your password has been reset. Sign in with your new password.', username });
}
