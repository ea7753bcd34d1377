// The confirmation page of managed login (/confirm): the code that the sign-up sent, checked by
// ConfirmSignUp's own step (users/confirm.ts: its limits, a hiding client's answers), and a new
// code on request through ResendConfirmationCode's (users/sign-up.ts: five an hour, the
// messaging plane's quotas). Once the account is confirmed, the browser that signed it up goes
// on signed in (after any MFA the pool requires, an authenticator app set up if need be); any
// other browser is sent to sign in.
import { afterPassword, checkSignInState, type AuthStep } from '../auth/sign-in.js';
import { confirmSignUp } from '../users/confirm.js';
import { hidesUsers } from '../users/recovery.js';
import { resendSignUpCode } from '../users/sign-up.js';
import { findUser } from '../users/store.js';
import { CSRF_FIELD } from './csrf.js';
import { formTag, postedForm, render, type LoginContext } from './context.js';
import { capture } from './finish.js';
import { LIMITS, TooLong, value } from './form.js';
import { esc, field, hidden, submit } from './page.js';
import { goOn } from './sign-in.js';
import { showSignIn } from './sign-in-form.js';
import { signedUpHere } from './signed-up.js';
import { ACCOUNT_WORDS, isAwsError, plainWords } from './words.js';

export interface ConfirmShown {
  status?: number;
  username?: string;
  error?: string;
  notice?: string;
}

export async function showConfirm(c: LoginContext, shown: ConfirmShown = {}, cookies: string[] = []): Promise<void> {
  const { status = 200, username = '', error, notice } = shown;
  await render(
    c,
    status,
    {
      title: c.w.confirmTitle,
      error,
      notice: notice ?? c.w.confirmNotice,
      agreeBy: false,
      body: (csrf) => `${formTag(c, '/confirm')}
${hidden(CSRF_FIELD, csrf)}
${field('username', c.w.username, 'text', `autocomplete="username" autocapitalize="none" required maxlength="${LIMITS.username}" value="${esc(username)}"`)}
${field('code', c.w.confirmationCode, 'text', `inputmode="numeric" autocomplete="one-time-code" required maxlength="${LIMITS.code}"`)}
${submit(c.w.confirmButton)}
</form>
${formTag(c, '/confirm')}
${hidden(CSRF_FIELD, csrf)}${hidden('username', username)}${hidden('resend', '1')}
<button class="redirect-customizable resend" type="submit">${esc(c.w.sendNewCode)}</button>
</form>`,
    },
    cookies,
  );
}

/** GET /confirm: the form, with the username the link names. */
export const getConfirm = (c: LoginContext, url: URL) =>
  showConfirm(c, { username: url.searchParams.get('username') ?? '' });

/** POST /confirm: a code, or a request for a new one. */
export async function postConfirm(c: LoginContext, body: Buffer): Promise<void> {
  const form = postedForm(c, body);
  if (!form) return showConfirm(c, { status: 403, error: c.w.forged });
  let username: string;
  let code: string;
  try {
    username = value(form, 'username', 'username');
    code = value(form, 'code', 'code');
  } catch (e) {
    if (e instanceof TooLong) return showConfirm(c, { status: 400, error: c.w.tooLong });
    throw e;
  }
  if (!username) return showConfirm(c, { status: 400, error: c.w.enterUsername });
  const { deps } = c;
  const { pool } = c.d;
  if (form.get('resend') === '1') {
    try {
      const sent = await resendSignUpCode(deps, pool, c.a.client, username, ipOf(c));
      return showConfirm(c, { username, notice: c.w.newCodeSent(sent.Destination ?? '') });
    } catch (e) {
      if (!isAwsError(e)) throw e;
      return showConfirm(c, { status: 400, username, error: plainWords(e, c.w, ACCOUNT_WORDS) });
    }
  }
  if (!code) return showConfirm(c, { status: 400, username, error: c.w.enterCode });
  try {
    await confirmSignUp(deps, pool, username, code, false, hidesUsers(c.a.client));
  } catch (e) {
    if (!isAwsError(e)) throw e;
    return showConfirm(c, { status: 400, username, error: plainWords(e, c.w, ACCOUNT_WORDS) });
  }
  const user = await findUser(deps.store.db, pool, username);
  if (!user || !signedUpHere(c, user.sub)) return showSignIn(c, { notice: c.w.confirmed, username });
  // The browser that chose the password goes on signed in, through the sign-in's own steps after
  // the password (MFA, or setting it up).
  const done = capture();
  let step: AuthStep;
  try {
    // A user disabled since signing up does not go on (the sign-in's own check).
    checkSignInState(user, deps.now());
    step = await afterPassword(deps, pool, c.a.client, user, undefined, done.finish);
  } catch (e) {
    if (!isAwsError(e)) throw e;
    return showSignIn(c, { status: 400, error: plainWords(e, c.w), username });
  }
  return goOn(c, step, done);
}

const ipOf = (c: LoginContext) => (c.req.socket.remoteAddress ? { IpAddress: c.req.socket.remoteAddress } : undefined);
