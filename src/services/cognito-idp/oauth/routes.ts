// The pages and endpoints of a pool's domain, by path (docs/oauth.md). The server hands every
// request for a domain here (server/http.ts, through `domainRouter`); this answers each in its
// kind: pages as HTML (never a stack trace: an unexpected error is logged and shown as a plain
// page), the OAuth endpoints in their JSON error shape, redirects where AWS redirects.
//
// The pages themselves are in ../login/ (sign-in and its challenges, sign-up, confirmation, the
// password pages); each carries the authorize request through, checked again on every request.
// Federation (../federation/flow.ts) starts at /oauth2/authorize and returns to
// `/oauth2/idpresponse` and `/saml2/idpresponse`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Deps } from '../../context.js';
import type { RequestContext } from '../../../kernel/operation.js';
import { sendJson } from '../../../kernel/route.js';
import { findUserBySub } from '../users/store.js';
import { jwks } from '../tokens/keys.js';
import { sendErrorPage } from '../login/error-page.js';
import { postChallenge, postSignIn, showSignIn, type LoginContext } from '../login/sign-in.js';
import { loginContext } from '../login/context.js';
import { getSignUp, postSignUp } from '../login/sign-up.js';
import { getConfirm, postConfirm } from '../login/confirm.js';
import { getForgot, getReset, postForgot, postReset } from '../login/forgot.js';
import { checkAuthorize, grantAuthorization, type AuthorizeRequest, type Refusal } from './authorize.js';
import { domainRequest, type DomainRequest } from './domain.js';
import { openidConfiguration } from './discovery.js';
import { oidcResponse, samlResponse, startFederation } from '../federation/flow.js';
import { samlLogout, singleLogoutUrl } from '../federation/saml-logout.js';
import { endSession, findSession, SESSION_COOKIE } from './session.js';
import { tokenEndpoint } from './token.js';
import { userInfoEndpoint } from './userinfo.js';
import { revokeEndpoint } from './revoke.js';
import { OAuthError, readCookies, redirect, sendOAuthError, withParams } from './wire.js';

type Handler = (
  deps: Deps,
  d: DomainRequest,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: Buffer,
) => Promise<void>;

function answerRefusal(d: DomainRequest, res: ServerResponse, r: Refusal): void {
  if ('redirectTo' in r) {
    redirect(res, r.redirectTo);
    return;
  }
  const { error, clientId, message } = r.errorPage;
  if (error === 'redirect_mismatch')
    redirect(res, withParams(`${d.base}/error`, { error, client_id: clientId }, 'query'));
  else sendErrorPage(res, 400, error, message);
}

/** The authorize request a page is for, or undefined once a refusal is answered. */
async function authorizeRequestOf(
  deps: Deps,
  d: DomainRequest,
  res: ServerResponse,
  url: URL,
): Promise<AuthorizeRequest | undefined> {
  const checked = await checkAuthorize(deps, d.pool, url.searchParams);
  if ('ok' in checked) return checked.ok;
  answerRefusal(d, res, checked);
  return undefined;
}

/** Sends the browser to a federated provider when the request names one. */
const federated = (deps: Deps, d: DomainRequest, res: ServerResponse, a: AuthorizeRequest) =>
  startFederation(deps, d, a, res);

const authorize: Handler = async (deps, d, req, res, url) => {
  const a = await authorizeRequestOf(deps, d, res, url);
  if (!a || (await federated(deps, d, res, a))) return;
  const session =
    a.prompt === 'login'
      ? undefined
      : await findSession(deps.store.db, deps.serverKey, d.pool.id, readCookies(req).get(SESSION_COOKIE), deps.now());
  const user = session && (await findUserBySub(deps.store.db, d.pool.id, session.sub));
  if (session && user?.enabled) return redirect(res, await grantAuthorization(deps, d.pool, a, user, session.authTime));
  // OIDC's prompt=none: no page may be shown, so no session is an error for the app.
  if (a.prompt === 'none')
    return redirect(res, withParams(a.redirectUri, { error: 'login_required', state: a.state }, 'query'));
  // "Otherwise, it redirects to the Login endpoint with the same URL parameters" (the authorize endpoint's page).
  redirect(res, `${d.base}/login?${url.searchParams.toString()}`);
};

const page =
  (then: (c: LoginContext, body: Buffer, url: URL) => Promise<void>): Handler =>
  async (deps, d, req, res, url, body) => {
    const a = await authorizeRequestOf(deps, d, res, url);
    if (!a || (await federated(deps, d, res, a))) return;
    await then(loginContext(deps, d, a, req, res), body, url);
  };

/** GET /logout: ends the domain's session, then to a sign-out URL of the client, or to the sign-in page again. */
const logout: Handler = async (deps, d, req, res, url) => {
  const q = url.searchParams;
  const clientId = q.get('client_id');
  const client = clientId
    ? await deps.store.db
        .selectFrom('user_pool_clients')
        .select(['config'])
        .where('client_id', '=', clientId)
        .where('pool_id', '=', d.pool.id)
        .executeTakeFirst()
    : undefined;
  if (!clientId || !client) return sendErrorPage(res, 400, clientId ? 'invalid_client' : 'invalid_request');
  const logoutUri = q.get('logout_uri');
  let next: string;
  if (logoutUri !== null) {
    const allowed = (JSON.parse(client.config) as { LogoutURLs?: string[] }).LogoutURLs ?? [];
    // Only to one of the client's sign-out URLs, exactly; never to another address (AWS's page for it is not on record).
    if (!allowed.includes(logoutUri)) return sendErrorPage(res, 400, 'logout_mismatch');
    next = logoutUri;
  } else if (q.get('redirect_uri') !== null) {
    // "A logout request with a redirect_uri parameter must also include parameters for your
    // subsequent request to the Login endpoint": /login checks them as /oauth2/authorize does.
    next = `${d.base}/login?${q.toString()}`;
  } else {
    return sendErrorPage(
      res,
      400,
      'invalid_request',
      'The sign-out link names neither a logout_uri nor a redirect_uri.',
    );
  }
  const ended = await endSession(
    deps.store.db,
    deps.serverKey,
    d.pool.id,
    readCookies(req).get(SESSION_COOKIE),
    d.cookies,
  );
  // A session begun at a SAML IdP with IDPSignout: first to the IdP, which sends the browser on to `next`.
  const slo = ended.saml && (await singleLogoutUrl(deps, d, ended.saml, next));
  redirect(res, slo || next, [ended.cookie]);
};

const ROUTES: Record<string, Partial<Record<string, Handler>>> = {
  '/oauth2/authorize': { GET: authorize },
  '/login': { GET: page((c) => showSignIn(c)), POST: page(postSignIn) },
  '/challenge': { POST: page(postChallenge) },
  '/logout': { GET: logout },
  '/error': {
    GET: async (_deps, _d, _req, res, url) =>
      sendErrorPage(res, 400, url.searchParams.get('error') ?? 'invalid_request'),
  },
  '/oauth2/token': {
    POST: async (deps, d, req, res, _url, body) => tokenEndpoint(deps, d.pool, req, res, body, d.client),
  },
  '/oauth2/userInfo': {
    GET: async (deps, d, req, res) => userInfoEndpoint(deps, d.pool, req, res),
    POST: async (deps, d, req, res) => userInfoEndpoint(deps, d.pool, req, res),
  },
  '/oauth2/revoke': {
    POST: async (deps, d, req, res, _url, body) => revokeEndpoint(deps, d.pool, req, res, body, d.client),
  },
  '/.well-known/openid-configuration': {
    GET: async (deps, d, _req, res) => sendJson(res, 200, await openidConfiguration(deps, d.pool, d.base)),
  },
  '/.well-known/jwks.json': {
    GET: async (deps, d, _req, res) => sendJson(res, 200, await jwks(deps.store.db, d.pool.id)),
  },
  '/signup': { GET: page(getSignUp), POST: page(postSignUp) },
  '/confirm': { GET: page((c, _body, url) => getConfirm(c, url)), POST: page(postConfirm) },
  '/forgotPassword': { GET: page(getForgot), POST: page(postForgot) },
  '/confirmForgotPassword': { GET: page((c, _body, url) => getReset(c, url)), POST: page(postReset) },
  // Where third-party identity providers send the browser back (../federation/flow.ts); Apple
  // answers by form post when it is asked for the name or email.
  '/oauth2/idpresponse': { GET: oidcResponse, POST: oidcResponse },
  '/saml2/idpresponse': { POST: samlResponse },
  // SAML single logout: the IdP's LogoutResponse, or its own LogoutRequest (POST binding).
  '/saml2/logout': { POST: samlLogout },
};

/** The OAuth endpoints answer errors as JSON; the rest are pages. */
const JSON_PATHS = new Set(['/oauth2/token', '/oauth2/userInfo', '/oauth2/revoke']);

async function serve(
  deps: Deps,
  d: DomainRequest,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: Buffer,
  ctx: RequestContext,
) {
  const handler = ROUTES[d.path]?.[req.method ?? ''];
  try {
    if (!handler) {
      if (JSON_PATHS.has(d.path)) throw new OAuthError('invalid_request', 405);
      return sendErrorPage(res, 404, 'not_found');
    }
    await handler(deps, d, req, res, url, body);
  } catch (e) {
    if (res.headersSent) throw e;
    if (e instanceof OAuthError) {
      if (JSON_PATHS.has(d.path)) return sendOAuthError(res, e);
      // A page's form that was not a form post.
      return sendErrorPage(res, e.status, e.error);
    }
    // A bug: logged with its cause, shown as a plain page (or the endpoints' server_error), never the trace.
    ctx.log.error({ err: e, path: d.path }, 'managed login error');
    if (JSON_PATHS.has(d.path)) return sendOAuthError(res, new OAuthError('server_error', 500));
    sendErrorPage(res, 500, 'server_error', 'Something went wrong on our side. Try again in a moment.');
  }
}

/**
 * What the server asks of every request that may be a domain's: `find` says whether it is (by the
 * path form, or by Host for a domain's paths), `serve` answers it. A path-form request for a
 * domain that does not exist is answered here too (a 404 page), never by cognate's operator routes.
 */
export function domainRouter(deps: Deps) {
  return {
    async find(req: IncomingMessage, url: URL) {
      const found = await domainRequest(deps, req, url);
      if (!found) return undefined;
      return async (res: ServerResponse, body: Buffer, ctx: RequestContext) => {
        if ('missing' in found)
          return sendErrorPage(res, 404, 'not_found', 'There is no user pool domain of that name.');
        return serve(deps, found, req, res, url, body, ctx);
      };
    },
  };
}
