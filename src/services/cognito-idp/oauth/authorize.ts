// The authorize request: its parameters checked as Cognito checks them (developer guide, "The
// redirect and authorization endpoint"), and, once a user is signed in, its answer: a code in the
// redirect URI's query, or (the implicit grant) the tokens in its fragment.
//
// Whom an error is told to matters: until the client and its redirect URI are known good, nothing
// is sent to the redirect URI (the person sees the domain's error page); after that, errors go
// to the redirect URI as `error=...` with the state.
import type { Deps } from '../../context.js';
import { ResourceNotFoundException } from '../../../generated/cognito-idp/errors.js';
import { getClient, type Client, type Pool } from '../pools/store.js';
import type { User } from '../users/store.js';
import { signInTokens } from '../tokens/issue.js';
import { poolScopes, STANDARD_SCOPES } from '../resource-servers/store.js';
import { issueCode } from './codes.js';
import { withParams } from './wire.js';

export interface AuthorizeRequest {
  client: Client;
  responseType: 'code' | 'token';
  redirectUri: string;
  state?: string;
  scopes: string[];
  nonce?: string;
  /** S256 of the verifier */
  codeChallenge?: string;
  prompt?: string;
  /** the page language asked for (login/lang.ts: the words, the terms links) */
  lang?: string;
  identityProvider?: string;
  idpIdentifier?: string;
  /** the request's query string, carried through the sign-in pages */
  query: string;
}

/** How a request that cannot be served is answered. */
export type Refusal =
  /** the domain's error page, never the redirect URI (an unknown client, a redirect URI not registered) */
  | { errorPage: { error: string; clientId?: string; message?: string } }
  /** an OAuth error in the (known good) redirect URI */
  | { redirectTo: string };

export type Checked = { ok: AuthorizeRequest } | Refusal;

/** Scopes only meaningful beside openid ("The phone, email, and profile scopes can only be requested if openid scope is also requested"). */
const NEEDS_OPENID = new Set(['email', 'phone', 'profile']);

export async function checkAuthorize(deps: Deps, pool: Pool, params: URLSearchParams): Promise<Checked> {
  const one = (name: string) => params.get(name) ?? undefined;
  const clientId = one('client_id');
  // Not on record how AWS words a missing or unknown client: the error page, in cognate's words.
  if (!clientId)
    return { errorPage: { error: 'invalid_request', message: 'The request does not name an app client (client_id).' } };
  let client: Client;
  try {
    client = await getClient(deps.store.db, pool.id, clientId);
  } catch (e) {
    if (!(e instanceof ResourceNotFoundException)) throw e;
    return {
      errorPage: { error: 'invalid_client', clientId, message: 'No app client of this user pool has that client_id.' },
    };
  }
  const c = client.config;
  // Recorded from the hosted UI (users' notes on AllowedOAuthFlowsUserPoolClient, found by code search).
  if (c.AllowedOAuthFlowsUserPoolClient !== true)
    return {
      errorPage: { error: 'unauthorized_client', clientId, message: 'Client is not enabled for OAuth2.0 flows.' },
    };
  const redirectUri = one('redirect_uri');
  // The redirect URI must be one of the client's callback URLs exactly; AWS's error page then
  // shows `error=redirect_mismatch` (recorded: users' notes and AWS re:Post answers).
  if (!redirectUri || !(c.CallbackURLs ?? []).includes(redirectUri))
    return { errorPage: { error: 'redirect_mismatch', clientId } };
  const state = one('state');
  const fail = (error: string, description?: string): Refusal => ({
    redirectTo: withParams(redirectUri, { error, error_description: description, state }, 'query'),
  });
  const responseType = one('response_type');
  if (!responseType) return fail('invalid_request');
  if (responseType !== 'code' && responseType !== 'token') return fail('unsupported_response_type');
  const flow = responseType === 'code' ? 'code' : 'implicit';
  if (!(c.AllowedOAuthFlows ?? []).includes(flow)) return fail('unauthorized_client');
  // PKCE: "Amazon Cognito authentication server supports only S256"; a challenge without its
  // method, or any other method, is invalid_request (the authorize endpoint's negative responses).
  const method = one('code_challenge_method');
  const challenge = one('code_challenge');
  if ((method !== undefined || challenge !== undefined) && (method !== 'S256' || !challenge))
    return fail('invalid_request');
  // A resource server's scope only while the resource server still has it (resource-servers/store.ts).
  const existing = await poolScopes(deps.store.db, pool);
  const allowed = (c.AllowedOAuthScopes ?? []).filter((s) => STANDARD_SCOPES.has(s) || existing.has(s));
  const asked = (one('scope') ?? '').split(' ').filter(Boolean);
  if (asked.some((s) => !allowed.includes(s))) return fail('invalid_scope');
  // No scope asked: every scope the client allows.
  let scopes = asked.length ? [...new Set(asked)] : [...allowed];
  if (!scopes.includes('openid')) scopes = scopes.filter((s) => !NEEDS_OPENID.has(s));
  const supported = c.SupportedIdentityProviders ?? [];
  const identityProvider = one('identity_provider');
  if (identityProvider !== undefined && !supported.includes(identityProvider)) return fail('invalid_request');
  return {
    ok: {
      client,
      responseType,
      redirectUri,
      ...(state !== undefined ? { state } : {}),
      scopes,
      ...(one('nonce') !== undefined ? { nonce: one('nonce') } : {}),
      ...(challenge ? { codeChallenge: challenge } : {}),
      ...(one('prompt') !== undefined ? { prompt: one('prompt') } : {}),
      ...(one('lang') !== undefined ? { lang: one('lang') } : {}),
      ...(identityProvider !== undefined ? { identityProvider } : {}),
      ...(one('idp_identifier') !== undefined ? { idpIdentifier: one('idp_identifier') } : {}),
      query: params.toString(),
    },
  };
}

/** The answer to an authorize request for a signed-in user: where the browser goes next. */
export async function grantAuthorization(
  deps: Deps,
  pool: Pool,
  a: AuthorizeRequest,
  user: User,
  authTime: number,
): Promise<string> {
  if (a.responseType === 'code') {
    const code = await issueCode(
      deps.store.db,
      deps.serverKey,
      {
        poolId: pool.id,
        clientId: a.client.clientId,
        sub: user.sub,
        redirectUri: a.redirectUri,
        scopes: a.scopes,
        nonce: a.nonce,
        codeChallenge: a.codeChallenge,
        authTime,
      },
      deps.now(),
    );
    return withParams(a.redirectUri, { code, state: a.state }, 'query');
  }
  // The implicit grant: id (with openid) and access tokens in the fragment, never a refresh token.
  const tokens = await signInTokens(deps, pool, a.client, user, undefined, {
    scopes: a.scopes,
    nonce: a.nonce,
    authTime,
    refreshToken: false,
  });
  return withParams(
    a.redirectUri,
    {
      id_token: tokens.IdToken,
      access_token: tokens.AccessToken,
      // lower case, as in the developer guide's sample of the implicit grant's redirect
      token_type: 'bearer',
      expires_in: String(tokens.ExpiresIn),
      state: a.state,
    },
    'fragment',
  );
}
