// The challenge pages of managed login and their answers: a code by SMS or email, the
// authenticator app's code, the factor to use, a new password in place of a temporary one, an
// authenticator app to set up (MFA ON, no factor yet). Each answer goes through the same steps as
// RespondToAuthChallenge (auth/respond.ts; AssociateSoftwareToken and VerifySoftwareToken with a
// Session for the setup, auth/software-token.ts), inside threat protection's record.
import { createHmac, randomUUID } from 'node:crypto';
import type { Client } from '../pools/store.js';
import type { AuthStep } from '../auth/sign-in.js';
import { respondToChallenge } from '../auth/respond.js';
import { associateDuringSignIn, verifyDuringSignIn } from '../auth/software-token.js';
import { auditChallenge } from '../risk/audit.js';
import { readForm } from '../oauth/wire.js';
import { csrfHolds, csrfToken, CSRF_FIELD } from './csrf.js';
import { capture, contextOf, finishSignIn, lookOf, refuseForgery, showSignIn, type LoginContext } from './flow.js';
import { esc, field, hidden, sendLoginPage, submit } from './page.js';
import { isAwsError, plainWords } from './words.js';

/** An authenticator app being set up during sign-in: its key, and the Session that carries it. */
interface Setup {
  secretCode: string;
  session: string;
}

/** The page of a challenge: the code, the new password, the factor to use, the app to set up. */
export async function showChallenge(c: LoginContext, step: AuthStep, error?: string, setup?: Setup): Promise<void> {
  const name = step.ChallengeName ?? '';
  const p = step.ChallengeParameters;
  const { token, cookies } = csrfToken(c.req, c.d.cookies);
  let title = 'Verify it is you';
  let notice: string | undefined;
  let fields: string;
  let session = step.Session ?? '';
  switch (name) {
    case 'SMS_MFA':
    case 'EMAIL_OTP':
      notice = `We sent a code to ${p.CODE_DELIVERY_DESTINATION ?? 'you'}.`;
      fields = field('code', 'Code', 'text', 'inputmode="numeric" autocomplete="one-time-code" required');
      break;
    case 'SOFTWARE_TOKEN_MFA':
      notice = 'Enter the code your authenticator app shows.';
      fields = field('code', 'Code', 'text', 'inputmode="numeric" autocomplete="one-time-code" required');
      break;
    case 'SELECT_MFA_TYPE': {
      title = 'Choose how to verify';
      const names: Record<string, string> = {
        SMS_MFA: 'A code by text message',
        EMAIL_OTP: 'A code by email',
        SOFTWARE_TOKEN_MFA: 'A code from my authenticator app',
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
      title = 'Choose a new password';
      notice = 'Your password was temporary. Choose a new one to go on.';
      const required = (JSON.parse(p.requiredAttributes ?? '[]') as string[]).map((a) =>
        a.slice('userAttributes.'.length),
      );
      fields = `${field('new_password', 'New password', 'password', 'autocomplete="new-password" required')}${required
        .map((a) => field(`attr.${a}`, a.replace(/^custom:/, '').replace(/_/g, ' '), 'text', 'required'))
        .join('')}`;
      break;
    }
    case 'MFA_SETUP': {
      // An MFA ON pool whose user has no factor yet: an authenticator app is set up here, through
      // the same steps as AssociateSoftwareToken and VerifySoftwareToken with the sign-in's Session.
      if (!(JSON.parse(p.MFAS_CAN_SETUP ?? '[]') as string[]).includes('SOFTWARE_TOKEN_MFA'))
        return showSignIn(c, 400, 'This account needs a second sign-in step that this page cannot set up.');
      if (!setup) {
        const associated = await associateDuringSignIn(c.deps, session);
        setup = { secretCode: associated.secretCode, session: associated.session };
      }
      session = setup.session;
      title = 'Set up your authenticator app';
      notice = 'Add this key to your authenticator app (or open the link on your phone), then enter the code it shows.';
      const label = `${c.d.pool.name}:${p.USER_ID_FOR_SRP ?? ''}`;
      const uri = `otpauth://totp/${encodeURIComponent(label)}?secret=${setup.secretCode}&issuer=${encodeURIComponent(c.d.pool.name)}`;
      fields = `<p class="textDescription-customizable">Key: <code id="secret-code">${esc(setup.secretCode)}</code></p>
<p class="legalText-customizable"><a href="${esc(uri)}">Open in an authenticator app</a></p>${hidden('secret', setup.secretCode)}
${field('code', 'Code', 'text', 'inputmode="numeric" autocomplete="one-time-code" required')}`;
      break;
    }
    default:
      // Challenges the pages do not know (CUSTOM_CHALLENGE, ...): cognate's words.
      return showSignIn(c, 400, 'This account signs in with a step this page cannot show.');
  }
  const body = `<form method="post" action="${esc(c.d.base)}/challenge?${esc(c.a.query)}">
${hidden(CSRF_FIELD, token)}${hidden('challenge', name)}${hidden('session', session)}${hidden('username', p.USER_ID_FOR_SRP ?? '')}
${fields}
${submit('Continue')}
</form>`;
  sendLoginPage(c.res, error ? 400 : 200, await lookOf(c), { title, error, notice, body }, cookies);
}

/** SECRET_HASH, which the challenge answer of a client with a secret needs: the page knows the secret. */
const secretHash = (client: Client, username: string) =>
  client.secret
    ? createHmac('sha256', client.secret)
        .update(username + client.clientId)
        .digest('base64')
    : undefined;

/** POST /challenge: the answer to a challenge. */
export async function postChallenge(c: LoginContext, body: Buffer): Promise<void> {
  const form = readForm(c.req, body);
  if (!csrfHolds(c.req, form)) return refuseForgery(c);
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
  const done = capture();
  let step: AuthStep;
  try {
    // Setting up an app: its code proves the key first, then the Session answers MFA_SETUP.
    const answering = name === 'MFA_SETUP' ? await verifyDuringSignIn(c.deps, session, code) : session;
    step = await auditChallenge(c.deps, randomUUID(), c.d.pool, client, name, answering, responses, contextOf(c), (d) =>
      respondToChallenge(d, c.d.pool, client, name, answering, responses, contextOf(c)?.IpAddress, done.finish),
    );
  } catch (e) {
    if (!isAwsError(e)) throw e;
    // A code that does not prove the key leaves the Session unspent: the same page again.
    if (name === 'MFA_SETUP' && e.code === 'EnableSoftwareTokenMFAException')
      return showChallenge(
        c,
        {
          ChallengeName: 'MFA_SETUP',
          ChallengeParameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]', USER_ID_FOR_SRP: username },
        },
        'That code does not match the key. Check the time on your device and try again.',
        { secretCode: form.get('secret') ?? '', session },
      );
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
        plainWords(e),
      );
    // Any other refusal spent the step (one answer per session): the sign-in starts again.
    return showSignIn(c, 400, plainWords(e), username);
  }
  if (done.user) return finishSignIn(c, done.user);
  return showChallenge(c, step);
}

const requiredOf = (form: URLSearchParams) =>
  JSON.stringify([...form.keys()].filter((k) => k.startsWith('attr.')).map((k) => `userAttributes.${k.slice(5)}`));
