// The password pages of managed login: /forgotPassword asks for the username and sends a code
// through ForgotPassword's own step, /confirmForgotPassword takes the code and a new password
// through ConfirmForgotPassword's (users/forgot-password.ts: the recovery settings, the hour's
// limits, a hiding client's simulated deliveries, the pool's password policy), then back to the
// sign-in form.
import { confirmForgotPassword, forgotPassword } from '../users/forgot-password.js';
import { CSRF_FIELD } from './csrf.js';
import { formTag, pageUrl, postedForm, render, type LoginContext } from './context.js';
import { LIMITS, TooLong, value } from './form.js';
import { esc, field, hidden, submit } from './page.js';
import { showSignIn } from './sign-in-form.js';
import { policyWords } from './sign-up.js';
import { ACCOUNT_WORDS, isAwsError, plainWords } from './words.js';

const ipOf = (c: LoginContext) => (c.req.socket.remoteAddress ? { IpAddress: c.req.socket.remoteAddress } : undefined);

async function showForgot(c: LoginContext, status = 200, error?: string, username = ''): Promise<void> {
  await render(c, status, {
    title: c.w.forgotLink,
    error,
    notice: c.w.forgotNotice,
    agreeBy: false,
    body: (csrf) => `${formTag(c, '/forgotPassword')}
${hidden(CSRF_FIELD, csrf)}
${field('username', c.w.username, 'text', `autocomplete="username" autocapitalize="none" required maxlength="${LIMITS.username}" value="${esc(username)}"`)}
${submit(c.w.resetButton)}
</form><div class="links"><a class="redirect-customizable" href="${esc(pageUrl(c, '/login'))}">${esc(c.w.backToSignIn)}</a></div>`,
  });
}

async function showReset(
  c: LoginContext,
  shown: { status?: number; username?: string; error?: string; notice?: string } = {},
): Promise<void> {
  const { status = 200, username = '', error, notice } = shown;
  await render(c, status, {
    title: c.w.resetTitle,
    error,
    notice: notice ?? c.w.resetNotice,
    agreeBy: false,
    body: (csrf) => `${formTag(c, '/confirmForgotPassword')}
${hidden(CSRF_FIELD, csrf)}${hidden('username', username)}
${field('code', c.w.code, 'text', `inputmode="numeric" autocomplete="one-time-code" required maxlength="${LIMITS.code}"`)}
${field('password', c.w.newPassword, 'password', `autocomplete="new-password" required maxlength="${LIMITS.password}" aria-describedby="password-policy"`)}
${field('password_again', c.w.passwordAgain, 'password', `autocomplete="new-password" required maxlength="${LIMITS.password}"`)}
<p class="legalText-customizable" id="password-policy">${esc(policyWords(c.d.pool, c.w))}</p>
${submit(c.w.changePassword)}
</form><div class="links"><a class="redirect-customizable" href="${esc(pageUrl(c, '/forgotPassword'))}">${esc(c.w.sendNewCode)}</a></div>`,
  });
}

export const getForgot = (c: LoginContext) => showForgot(c);

/** POST /forgotPassword: a code to the user's recovery address, then the reset form. */
export async function postForgot(c: LoginContext, body: Buffer): Promise<void> {
  const form = postedForm(c, body);
  if (!form) return showForgot(c, 403, c.w.forged);
  let username: string;
  try {
    username = value(form, 'username', 'username');
  } catch (e) {
    if (e instanceof TooLong) return showForgot(c, 400, c.w.tooLong);
    throw e;
  }
  if (!username) return showForgot(c, 400, c.w.enterUsername);
  let sent: Awaited<ReturnType<typeof forgotPassword>>;
  try {
    sent = await forgotPassword(c.deps, c.d.pool, c.a.client, username, ipOf(c));
  } catch (e) {
    if (!isAwsError(e)) throw e;
    return showForgot(c, 400, plainWords(e, c.w, ACCOUNT_WORDS), username);
  }
  return showReset(c, { username, notice: c.w.resetSent(sent.Destination ?? '') });
}

/** GET /confirmForgotPassword: the reset form for the username the link names. */
export const getReset = (c: LoginContext, url: URL) =>
  showReset(c, { username: url.searchParams.get('username') ?? '' });

/** POST /confirmForgotPassword: the code and the new password; then sign in with it. */
export async function postReset(c: LoginContext, body: Buffer): Promise<void> {
  const form = postedForm(c, body);
  if (!form) return showReset(c, { status: 403, error: c.w.forged });
  let username: string;
  let code: string;
  let password: string;
  try {
    username = value(form, 'username', 'username');
    code = value(form, 'code', 'code');
    password = value(form, 'password', 'password');
  } catch (e) {
    if (e instanceof TooLong) return showReset(c, { status: 400, error: c.w.tooLong });
    throw e;
  }
  // cognate's words for each of these: a page's own checks before the API's.
  if (!username) return showForgot(c, 400, c.w.enterUsernameForCode);
  if (!code || !password) return showReset(c, { status: 400, username, error: c.w.enterCodeAndPassword });
  if (password !== (form.get('password_again') ?? ''))
    return showReset(c, { status: 400, username, error: c.w.notSame });
  try {
    await confirmForgotPassword(c.deps, c.d.pool, c.a.client, username, code, password, ipOf(c));
  } catch (e) {
    if (!isAwsError(e)) throw e;
    return showReset(c, { status: 400, username, error: plainWords(e, c.w, ACCOUNT_WORDS) });
  }
  return showSignIn(c, { notice: c.w.resetDone, username });
}
