// The sign-in page's form post: username (or email, phone, preferred username: whatever the pool
// signs in with) and password, through the very steps InitiateAuth takes (auth/sign-in.ts: lockout,
// user states, then MFA or a new password), inside threat protection's record as InitiateAuth's,
// ended not with tokens but with the domain's session and the authorize request's answer; or the
// challenge page of the step that comes next (./challenge.ts). The form itself: ./flow.ts.
import { randomUUID } from 'node:crypto';
import { afterPassword, checkSignInState, provePassword, type AuthStep } from '../auth/sign-in.js';
import { auditPasswordSignIn } from '../risk/audit.js';
import { readForm } from '../oauth/wire.js';
import { csrfHolds } from './csrf.js';
import { capture, contextOf, finishSignIn, refuseForgery, showSignIn, type LoginContext } from './flow.js';
import { showChallenge } from './challenge.js';
import { isAwsError, plainWords } from './words.js';

/** POST /login: the password. */
export async function postSignIn(c: LoginContext, body: Buffer): Promise<void> {
  const form = readForm(c.req, body);
  if (!csrfHolds(c.req, form)) return refuseForgery(c);
  const username = (form.get('username') ?? '').trim();
  const password = form.get('password') ?? '';
  if (!username || !password) return showSignIn(c, 400, 'Enter your username and password.', username);
  const { deps } = c;
  const { pool } = c.d;
  const done = capture();
  let step: AuthStep;
  try {
    // Threat protection sees the page's sign-in as InitiateAuth's (its auth events, its blocked ranges).
    step = await auditPasswordSignIn(deps, randomUUID(), pool, c.a.client, username, contextOf(c), async (d) => {
      const user = await provePassword(d, pool, c.a.client, username, password);
      checkSignInState(user, d.now());
      return afterPassword(d, pool, c.a.client, user, undefined, done.finish);
    });
  } catch (e) {
    if (!isAwsError(e)) throw e;
    return showSignIn(c, 400, plainWords(e), username);
  }
  if (done.user) return finishSignIn(c, done.user);
  return showChallenge(c, step);
}
