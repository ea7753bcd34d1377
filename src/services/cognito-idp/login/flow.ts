// What every managed login page shares: the request it serves (LoginContext), the page's look, the
// sign-in form (where every refused step comes back to), the end of a sign-in (the domain's
// session, then the authorize request's answer), and the `Finish` that ends Cognito's own sign-in
// steps without tokens. Pages of their own (sign-up, password reset: other pieces of work) build on
// these.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ContextDataType } from '@aws-sdk/client-cognito-identity-provider';
import type { Deps } from '../../context.js';
import type { User } from '../users/store.js';
import type { Finish } from '../auth/step.js';
import { pageLook, type PageLook } from '../branding/look.js';
import type { DomainRequest } from '../oauth/domain.js';
import { grantAuthorization, type AuthorizeRequest } from '../oauth/authorize.js';
import { startSession } from '../oauth/session.js';
import { redirect } from '../oauth/wire.js';
import { csrfToken, CSRF_FIELD } from './csrf.js';
import { esc, field, hidden, sendLoginPage, submit } from './page.js';

export interface LoginContext {
  deps: Deps;
  d: DomainRequest;
  a: AuthorizeRequest;
  req: IncomingMessage;
  res: ServerResponse;
}

export const lookOf = (c: LoginContext): Promise<PageLook> =>
  pageLook(c.deps.store.db, c.deps.publicUrl, c.d.pool.id, c.a.client.clientId, c.a.lang);

/** Links to the account pages beside the sign-in form (the sign-up and password pages are their own piece of work: oauth/routes.ts). */
function accountLinks(c: LoginContext): string {
  const q = esc(c.a.query);
  const signUp = !c.d.pool.config.AdminCreateUserConfig?.AllowAdminCreateUserOnly;
  return `<div class="links"><a class="redirect-customizable" href="${esc(c.d.base)}/forgotPassword?${q}">Forgot your password?</a>${
    signUp ? `<a class="redirect-customizable" href="${esc(c.d.base)}/signup?${q}">Need an account? Sign up</a>` : ''
  }</div>`;
}

/** The sign-in form, with an error or a notice when there is one. */
export async function showSignIn(c: LoginContext, status = 200, error?: string, username = ''): Promise<void> {
  const { token, cookies } = csrfToken(c.req, c.d.cookies);
  const body = `<form method="post" action="${esc(c.d.base)}/login?${esc(c.a.query)}">
${hidden(CSRF_FIELD, token)}
${field('username', 'Username', 'text', `autocomplete="username" autocapitalize="none" required value="${esc(username)}"`)}
${field('password', 'Password', 'password', 'autocomplete="current-password" required')}
${submit('Sign in')}
</form>${accountLinks(c)}`;
  sendLoginPage(c.res, status, await lookOf(c), { title: 'Sign in', error, body }, cookies);
}

/** A form post whose CSRF token does not hold: shown the form again, nothing done. */
export async function refuseForgery(c: LoginContext): Promise<void> {
  // cognate's words: AWS's page for it is not on record.
  await showSignIn(c, 403, 'This form expired or did not come from this page. Sign in again.');
}

/** Ends a sign-in: the domain's session starts, the browser goes on with the authorize request's answer. */
export async function finishSignIn(c: LoginContext, user: User): Promise<void> {
  const now = c.deps.now();
  const session = await startSession(c.deps.store.db, c.deps.serverKey, c.d.pool.id, user.sub, now, c.d.cookies);
  redirect(c.res, await grantAuthorization(c.deps, c.d.pool, c.a, user, Math.floor(now / 1000)), [session]);
}

/** What threat protection records of the browser: its address (the connection's: set no proxy in front, or its address is recorded). */
export function contextOf(c: LoginContext): ContextDataType | undefined {
  const ip = c.req.socket.remoteAddress;
  if (!ip) return undefined;
  const agent = c.req.headers['user-agent'];
  return {
    IpAddress: ip,
    ServerName: c.req.headers.host ?? '',
    ServerPath: c.d.path,
    HttpHeaders: agent ? [{ headerName: 'user-agent', headerValue: agent }] : [],
  };
}

/** A Finish that ends the shared sign-in steps without tokens, keeping who signed in. */
export function capture(): { finish: Finish; user?: User } {
  const out: { finish: Finish; user?: User } = {
    finish: async (_deps, _pool, _client, user) => {
      out.user = user;
      // No tokens; an (empty) result still says the sign-in passed, as threat protection reads it.
      return { ChallengeParameters: {}, AuthenticationResult: {} };
    },
  };
  return out;
}
