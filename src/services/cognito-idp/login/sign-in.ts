// The sign-in pages of managed login: username (or email, phone, preferred username: whatever the
// pool signs in with) and password, then each challenge Cognito's sign-in asks for (MFA by SMS,
// email or authenticator app, a new password in place of a temporary one), through the very
// steps InitiateAuth and RespondToAuthChallenge take (auth/sign-in.ts, auth/respond.ts: lockout,
// MFA, user states), ended not with tokens but with the domain's session, then the authorize
// request's answer. Every form carries the CSRF token; no step needs JavaScript.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHmac } from 'node:crypto';
import type { Deps } from '../../context.js';
import type { Client } from '../pools/store.js';
import type { User } from '../users/store.js';
import { afterPassword, checkSignInState, provePassword, type AuthStep } from '../auth/sign-in.js';
import { respondToChallenge } from '../auth/respond.js';
import type { Finish } from '../auth/step.js';
import { pageLook, type PageLook } from '../branding/look.js';
import type { DomainRequest } from '../oauth/domain.js';
import { grantAuthorization, type AuthorizeRequest } from '../oauth/authorize.js';
import { startSession } from '../oauth/session.js';
import { readForm, redirect } from '../oauth/wire.js';
import { externalProviders } from '../federation/flow.js';
import { csrfHolds, csrfToken, CSRF_FIELD } from './csrf.js';
import { esc, field, hidden, sendLoginPage, submit } from './page.js';
import { isAwsError, plainWords } from './words.js';

export interface LoginContext {
  deps: Deps;
  d: DomainRequest;
  a: AuthorizeRequest;
  req: IncomingMessage;
  res: ServerResponse;
}

const lookOf = (c: LoginContext): Promise<PageLook> =>
  pageLook(c.deps.store.db, c.deps.publicUrl, c.d.pool.id, c.a.client.clientId, c.a.lang);

/** Links to the account pages beside the sign-in form (the sign-up and password pages are their own piece of work: oauth/routes.ts). */
function accountLinks(c: LoginContext): string {
  const q = esc(c.a.query);
  const signUp = !c.d.pool.config.AdminCreateUserConfig?.AllowAdminCreateUserOnly;
  return `<div class="links"><a class="redirect-customizable" href="${esc(c.d.base)}/forgotPassword?${q}">Forgot your password?</a>${
    signUp ? `<a class="redirect-customizable" href="${esc(c.d.base)}/signup?${q}">Need an account? Sign up</a>` : ''
  }</div>`;
}

/**
 * "Sign in with" a button per IdP of the client: each is the authorize request again with
 * identity_provider, so the browser goes on to that IdP. Shown above the pool's own form, which
 * is shown only when the client supports COGNITO.
 */
function providerButtons(c: LoginContext): string {
  const names = externalProviders(c.a);
  if (!names.length) return '';
  const links = names.map((name) => {
    const q = new URLSearchParams(c.a.query);
    q.delete('idp_identifier');
    q.set('identity_provider', name);
    return `<a class="idpButton-customizable" href="${esc(c.d.base)}/oauth2/authorize?${esc(q.toString())}">Sign in with ${esc(name)}</a>`;
  });
  return `<div class="providers">${links.join('')}</div>`;
}

/** The sign-in form, with an error or a notice when there is one. */
export async function showSignIn(c: LoginContext, status = 200, error?: string, username = ''): Promise<void> {
  const { token, cookies } = csrfToken(c.req, c.d.cookies);
  const own = (c.a.client.config.SupportedIdentityProviders ?? []).includes('COGNITO');
  const buttons = providerButtons(c);
  const body = `${buttons}${buttons && own ? '<p class="or">or</p>' : ''}${
    own
      ? `<form method="post" action="${esc(c.d.base)}/login?${esc(c.a.query)}">
${hidden(CSRF_FIELD, token)}
${field('username', 'Username', 'text', `autocomplete="username" autocapitalize="none" required value="${esc(username)}"`)}
${field('password', 'Password', 'password', 'autocomplete="current-password" required')}
${submit('Sign in')}
</form>${accountLinks(c)}`
      : ''
  }`;
  sendLoginPage(c.res, status, await lookOf(c), { title: 'Sign in', error, body }, cookies);
}

/** A form post whose CSRF token does not hold: shown the form again, nothing done. */
async function refuseForgery(c: LoginContext): Promise<void> {
  // cognate's words: AWS's page for it is not on record.
  await showSignIn(c, 403, 'This form expired or did not come from this page. Sign in again.');
}

/** Ends a sign-in: the domain's session starts, the browser goes on with the authorize request's answer. */
async function finishSignIn(c: LoginContext, user: User): Promise<void> {
  const now = c.deps.now();
  const session = await startSession(c.deps.store.db, c.deps.serverKey, c.d.pool.id, user.sub, now, c.d.cookies);
  redirect(c.res, await grantAuthorization(c.deps, c.d.pool, c.a, user, Math.floor(now / 1000)), [session]);
}

/** A Finish that ends the shared sign-in steps without tokens, keeping who signed in. */
function capture(): { finish: Finish; user?: User } {
  const out: { finish: Finish; user?: User } = {
    finish: async (_deps, _pool, _client, user) => {
      out.user = user;
      return { ChallengeParameters: {} };
    },
  };
  return out;
}

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
    const user = await provePassword(deps, pool, c.a.client, username, password);
    checkSignInState(user, deps.now());
    step = await afterPassword(deps, pool, c.a.client, user, done.finish);
  } catch (e) {
    if (!isAwsError(e)) throw e;
    return showSignIn(c, 400, plainWords(e), username);
  }
  if (done.user) return finishSignIn(c, done.user);
  return showChallenge(c, step);
}

/** The page of a challenge: the code, the new password, the factor to use. */
async function showChallenge(c: LoginContext, step: AuthStep, error?: string): Promise<void> {
  const name = step.ChallengeName ?? '';
  const p = step.ChallengeParameters;
  const { token, cookies } = csrfToken(c.req, c.d.cookies);
  let title = 'Verify it is you';
  let notice: string | undefined;
  let fields: string;
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
    default:
      // MFA_SETUP (an authenticator app to set up first) and anything else: not built here yet.
      // cognate's words.
      return showSignIn(
        c,
        400,
        'This account must set up a second sign-in step first, which this sign-in page cannot do yet. Ask the app to set it up with you.',
      );
  }
  const body = `<form method="post" action="${esc(c.d.base)}/challenge?${esc(c.a.query)}">
${hidden(CSRF_FIELD, token)}${hidden('challenge', name)}${hidden('session', step.Session ?? '')}${hidden('username', p.USER_ID_FOR_SRP ?? '')}
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
    step = await respondToChallenge(c.deps, c.d.pool, client, name, session, responses, done.finish);
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
