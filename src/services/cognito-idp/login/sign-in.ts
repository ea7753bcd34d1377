// The sign-in pages of managed login: username (or email, phone, preferred username: whatever the
// pool signs in with) and password, then each challenge Cognito's sign-in asks for (MFA by SMS,
// email or authenticator app, setting up an authenticator app where the pool requires MFA and the
// user has none, a new password in place of a temporary one), through the very steps InitiateAuth
// and RespondToAuthChallenge take (auth/sign-in.ts, auth/respond.ts: lockout, MFA, user states),
// ended not with tokens but with the domain's session, then the authorize request's answer. Every
// form carries the CSRF token; no step needs JavaScript.
import { randomUUID } from 'node:crypto';
import { secretHashOf } from '../users/secret-hash.js';
import { auditChallenge, auditPasswordSignIn } from '../risk/audit.js';
import type { Client } from '../pools/store.js';
import type { User } from '../users/store.js';
import { capture, finishSignIn } from './finish.js';
import { showSignIn } from './sign-in-form.js';
import { afterPassword, checkSignInState, provePassword, type AuthStep } from '../auth/sign-in.js';
import { respondToChallenge } from '../auth/respond.js';
import { CSRF_FIELD } from './csrf.js';
import { contextOf, formTag, postedForm, render, type LoginContext } from './context.js';
import { answerTotpSetup, showTotpSetup } from './mfa-setup.js';
import { attributeLabel, esc, field, hidden, submit } from './page.js';
import { isAwsError, plainWords } from './words.js';

export type { LoginContext } from './context.js';
export { showSignIn } from './sign-in-form.js';

/** A form post whose CSRF token does not hold: shown the form again, nothing done. */
const refuseForgery = (c: LoginContext) => showSignIn(c, { status: 403, error: c.w.forged });

/** Where a sign-in step leads: signed in (the authorize answer), or the page of the next challenge. */
export async function goOn(c: LoginContext, step: AuthStep, done: { user?: User }): Promise<void> {
  if (done.user) return finishSignIn(c, done.user);
  return showChallenge(c, step);
}

/** POST /login: the password. */
export async function postSignIn(c: LoginContext, body: Buffer): Promise<void> {
  const form = postedForm(c, body);
  if (!form) return refuseForgery(c);
  const username = (form.get('username') ?? '').trim();
  const password = form.get('password') ?? '';
  if (!username || !password) return showSignIn(c, { status: 400, error: c.w.enterUsernameAndPassword, username });
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
    return showSignIn(c, { status: 400, error: plainWords(e, c.w), username });
  }
  return goOn(c, step, done);
}

/** The page of a challenge: the code, the new password, the factor to use. */
export async function showChallenge(c: LoginContext, step: AuthStep, error?: string): Promise<void> {
  const name = step.ChallengeName ?? '';
  const p = step.ChallengeParameters;
  const { w } = c;
  let title = w.verifyTitle;
  let notice: string | undefined;
  let fields: string;
  switch (name) {
    case 'SMS_MFA':
    case 'EMAIL_OTP':
      notice = p.CODE_DELIVERY_DESTINATION ? w.codeSentTo(p.CODE_DELIVERY_DESTINATION) : w.codeSent;
      fields = field('code', w.code, 'text', 'inputmode="numeric" autocomplete="one-time-code" required');
      break;
    case 'SOFTWARE_TOKEN_MFA':
      notice = w.enterAppCode;
      fields = field('code', w.code, 'text', 'inputmode="numeric" autocomplete="one-time-code" required');
      break;
    case 'SELECT_MFA_TYPE': {
      title = w.chooseTitle;
      const names: Record<string, string> = {
        SMS_MFA: w.factorSms,
        EMAIL_OTP: w.factorEmail,
        SOFTWARE_TOKEN_MFA: w.factorTotp,
      };
      const choices = JSON.parse(p.MFAS_CAN_CHOOSE ?? '[]') as string[];
      fields = choices
        .map(
          (f, i) =>
            `<label><input type="radio" name="answer" value="${esc(f)}"${i === 0 ? ' checked' : ''}> ${esc(names[f] ?? f)}</label>`,
        )
        .join('');
      break;
    }
    case 'NEW_PASSWORD_REQUIRED': {
      title = w.newPasswordTitle;
      notice = w.newPasswordNotice;
      const required = (JSON.parse(p.requiredAttributes ?? '[]') as string[]).map((a) =>
        a.slice('userAttributes.'.length),
      );
      fields = `${field('new_password', w.newPassword, 'password', 'autocomplete="new-password" required')}${required
        .map((a) => field(`attr.${a}`, attributeLabel(w, a), 'text', 'required'))
        .join('')}`;
      break;
    }
    case 'MFA_SETUP':
      // AWS's managed login sets up an authenticator app here; an email factor to set up is not built (cognate's words).
      if ((JSON.parse(p.MFAS_CAN_SETUP ?? '[]') as string[]).includes('SOFTWARE_TOKEN_MFA'))
        return showTotpSetup(c, step.Session ?? '', p.USER_ID_FOR_SRP ?? '');
      return showSignIn(c, { status: 400, error: w.mfaSetupElsewhere });
    default:
      // Anything else (a custom challenge): not on managed login, as on AWS. cognate's words.
      return showSignIn(c, { status: 400, error: w.notOnThisPage });
  }
  await render(c, error ? 400 : 200, {
    title,
    error,
    notice,
    body: (csrf) => `${formTag(c, '/challenge')}
${hidden(CSRF_FIELD, csrf)}${hidden('challenge', name)}${hidden('session', step.Session ?? '')}${hidden('username', p.USER_ID_FOR_SRP ?? '')}
${fields}
${submit(w.continue)}
</form>`,
  });
}

/** SECRET_HASH, which the challenge answer of a client with a secret needs: the page knows the secret. */
export const secretHash = (client: Client, username: string) =>
  client.secret ? secretHashOf(client.secret, username, client.clientId).toString('base64') : undefined;

/** POST /challenge: the answer to a challenge. */
export async function postChallenge(c: LoginContext, body: Buffer): Promise<void> {
  const form = postedForm(c, body);
  if (!form) return refuseForgery(c);
  const name = form.get('challenge') ?? '';
  const session = form.get('session') ?? '';
  const username = form.get('username') ?? '';
  const client = c.a.client;
  const responses: Record<string, string> = { USERNAME: username };
  const hash = secretHash(client, username);
  if (hash) responses.SECRET_HASH = hash;
  const code = (form.get('code') ?? '').trim();
  if (name === 'SMS_MFA') responses.SMS_MFA_CODE = code;
  if (name === 'EMAIL_OTP') responses.EMAIL_OTP_CODE = code;
  if (name === 'SOFTWARE_TOKEN_MFA') responses.SOFTWARE_TOKEN_MFA_CODE = code;
  if (name === 'SELECT_MFA_TYPE') responses.ANSWER = form.get('answer') ?? '';
  if (name === 'NEW_PASSWORD_REQUIRED') {
    responses.NEW_PASSWORD = form.get('new_password') ?? '';
    for (const [k, v] of form) if (k.startsWith('attr.')) responses[`userAttributes.${k.slice(5)}`] = v;
  }
  if (name === 'MFA_SETUP') {
    const next = await answerTotpSetup(c, form, responses);
    return next && goOn(c, next.step, next.done);
  }
  const done = capture();
  let step: AuthStep;
  try {
    step = await auditChallenge(c.deps, randomUUID(), c.d.pool, client, name, session, responses, contextOf(c), (d) =>
      respondToChallenge(d, c.d.pool, client, name, session, responses, contextOf(c)?.IpAddress, done.finish),
    );
  } catch (e) {
    if (!isAwsError(e)) throw e;
    // A new password refused by the policy leaves the session unspent: the same page again.
    if (
      name === 'NEW_PASSWORD_REQUIRED' &&
      (e.code === 'InvalidPasswordException' || e.code === 'InvalidParameterException')
    )
      return showChallenge(
        c,
        {
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: session,
          ChallengeParameters: { USER_ID_FOR_SRP: username, requiredAttributes: requiredOf(form) },
        },
        plainWords(e, c.w),
      );
    // Any other refusal spent the step (one answer per session): the sign-in starts again.
    return showSignIn(c, { status: 400, error: plainWords(e, c.w), username });
  }
  return goOn(c, step, done);
}

const requiredOf = (form: URLSearchParams) =>
  JSON.stringify([...form.keys()].filter((k) => k.startsWith('attr.')).map((k) => `userAttributes.${k.slice(5)}`));
