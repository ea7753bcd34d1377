// cognate as the relying party of an OIDC or social IdP: the authorization request it sends the
// browser with (code flow; state, nonce, PKCE S256), and the return: the code exchanged at the
// token endpoint, the ID token's signature checked against the IdP's JWKS and its claims (iss,
// aud, exp, nonce) with jose, then the attributes endpoint (OIDC userInfo, Facebook's Graph API,
// Login with Amazon's profile) read with the access token. What comes back is the IdP's claims.
import { createHash, createPrivateKey, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import type { Deps } from '../../context.js';
import type { IdentityProvider } from '../idps/store.js';
import { endpointsOf, type Endpoints } from './endpoints.js';
import type { FederationState } from './state.js';
import { withParams } from '../oauth/wire.js';

/** A refusal on the way back, told to the app as error=invalid_request with these words. */
export class FederationError extends Error {
  constructor(
    message: string,
    readonly error = 'invalid_request',
  ) {
    super(message);
  }
}

const issuesIdToken = (p: IdentityProvider) => p.type === 'OIDC' || p.type === 'Google' || p.type === 'SignInWithApple';

/** Scopes as ProviderDetails keep them: space-separated (Facebook's may be comma-separated, sent as given). */
const scopesOf = (p: IdentityProvider) => (p.details.authorize_scopes ?? '').trim();

/** The parts of a state an OIDC trip needs: a nonce where an ID token comes back, a PKCE verifier for OIDC. */
export function oidcSecrets(p: IdentityProvider): Pick<FederationState, 'nonce' | 'verifier'> {
  return {
    ...(issuesIdToken(p) ? { nonce: randomBytes(16).toString('base64url') } : {}),
    ...(p.type === 'OIDC' ? { verifier: randomBytes(32).toString('base64url') } : {}),
  };
}

export async function oidcAuthorizeUrl(
  deps: Deps,
  p: IdentityProvider,
  callback: string,
  state: FederationState,
  sealed: string,
): Promise<string> {
  const e = await endpointsOf(deps, p);
  const scope = scopesOf(p);
  return withParams(
    e.authorize,
    {
      response_type: 'code',
      client_id: p.details.client_id,
      redirect_uri: callback,
      scope,
      state: sealed,
      nonce: state.nonce,
      ...(state.verifier
        ? {
            code_challenge: createHash('sha256').update(state.verifier).digest('base64url'),
            code_challenge_method: 'S256',
          }
        : {}),
      // Apple returns by form post when name or email is asked ("response_mode must be form_post").
      ...(p.type === 'SignInWithApple' && /\b(name|email)\b/.test(scope) ? { response_mode: 'form_post' } : {}),
    },
    'query',
  );
}

/** Sign in with Apple's client secret: an ES256 JWT signed with the team's key (Apple's documentation). */
async function appleSecret(p: IdentityProvider, now: number): Promise<string> {
  const d = p.details;
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: d.key_id })
    .setIssuer(d.team_id)
    .setSubject(d.client_id)
    .setAudience('https://appleid.apple.com')
    .setIssuedAt(Math.floor(now / 1000))
    .setExpirationTime(Math.floor(now / 1000) + 300)
    .sign(createPrivateKey(d.private_key));
}

interface TokenAnswer {
  id_token?: string;
  access_token?: string;
}

async function exchange(
  deps: Deps,
  p: IdentityProvider,
  e: Endpoints,
  code: string,
  callback: string,
  state: FederationState,
) {
  const d = p.details;
  const secret = p.type === 'SignInWithApple' ? await appleSecret(p, deps.now()) : d.client_secret;
  const params: Record<string, string> = {
    grant_type: 'authorization_code',
    code,
    redirect_uri: callback,
    client_id: d.client_id,
    ...(secret ? { client_secret: secret } : {}),
    ...(state.verifier ? { code_verifier: state.verifier } : {}),
  };
  // Facebook's token endpoint is asked by GET (its details' token_request_method); the others by a form POST.
  const byGet = d.token_request_method === 'GET';
  let res: Response;
  try {
    res = byGet
      ? await fetch(withParams(e.token, params, 'query'), { signal: AbortSignal.timeout(10_000) })
      : await fetch(e.token, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: new URLSearchParams(params).toString(),
          signal: AbortSignal.timeout(10_000),
        });
  } catch (err) {
    throw new FederationError(
      `The identity provider's token endpoint could not be reached (${(err as Error).message}).`,
    );
  }
  const body = (await res.json().catch(() => ({}))) as TokenAnswer & { error?: string };
  // cognate's words: AWS's description of a refused exchange is not on record.
  if (!res.ok) throw new FederationError(`The identity provider refused the code (${body.error ?? res.status}).`);
  return body;
}

const jwksSets = new Map<string, JWTVerifyGetKey>();
const jwksOf = (url: string) => {
  let set = jwksSets.get(url);
  if (!set) {
    set = createRemoteJWKSet(new URL(url), { timeoutDuration: 5000 });
    jwksSets.set(url, set);
  }
  return set;
};

async function verifyIdToken(deps: Deps, p: IdentityProvider, e: Endpoints, token: string, nonce?: string) {
  if (!e.jwks || !e.issuer) throw new FederationError('The identity provider names no JWKS.');
  // Google's ID tokens carry either form of its issuer (Google's OpenID Connect documentation).
  const issuer = p.type === 'Google' ? [e.issuer, e.issuer.replace(/^https:\/\//, '')] : e.issuer;
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, jwksOf(e.jwks), {
      issuer,
      audience: p.details.client_id,
      currentDate: new Date(deps.now()),
      clockTolerance: 60,
    }));
  } catch (err) {
    // cognate's words (AWS's description of a refused ID token is not on record).
    throw new FederationError(`The identity provider's ID token is not valid (${(err as Error).message}).`);
  }
  if (nonce !== undefined && payload.nonce !== nonce)
    throw new FederationError("The identity provider's ID token does not answer this sign-in (nonce).");
  return payload;
}

async function readAttributes(p: IdentityProvider, e: Endpoints, accessToken: string) {
  if (!e.attributes) return {};
  const d = p.details;
  let url = e.attributes;
  // Facebook's Graph API is asked for the mapped fields (attributes_url_add_attributes), with the token in the query.
  if (d.attributes_url_add_attributes === 'true' && p.type === 'Facebook') {
    const fields = new Set(['id', ...Object.values(p.attributeMapping)]);
    url = `${url}${[...fields].join(',')}`;
  }
  const post = d.attributes_request_method === 'POST';
  let res: Response;
  try {
    res = await fetch(url, {
      method: post ? 'POST' : 'GET',
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
      signal: AbortSignal.timeout(10_000),
    });
  } catch (err) {
    throw new FederationError(`The identity provider's attributes could not be read (${(err as Error).message}).`);
  }
  if (!res.ok) throw new FederationError(`The identity provider's attributes could not be read (${res.status}).`);
  return (await res.json()) as Record<string, unknown>;
}

/**
 * Apple's `user` form field: the name (and email) the person shared, sent only at their first
 * authorization and never in the ID token (Apple's documentation, "Incorporating Sign in with Apple
 * into other platforms"), read as the claims AWS maps for Apple: firstName, lastName, name. It is
 * unsigned, so its email is not taken: the ID token's is.
 */
function appleUser(field: string | undefined): Record<string, string> {
  let user: { name?: { firstName?: unknown; lastName?: unknown } };
  try {
    user = JSON.parse(field ?? '');
  } catch {
    return {};
  }
  const part = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const firstName = part(user?.name?.firstName);
  const lastName = part(user?.name?.lastName);
  const name = [firstName, lastName].filter(Boolean).join(' ');
  return {
    ...(firstName ? { firstName } : {}),
    ...(lastName ? { lastName } : {}),
    ...(name ? { name } : {}),
  };
}

/** The IdP's claims about the person, from the code it sent back (and, from Apple, its `user` field). */
export async function oidcClaims(
  deps: Deps,
  p: IdentityProvider,
  code: string,
  callback: string,
  state: FederationState,
  userField?: string,
): Promise<Record<string, unknown>> {
  const e = await endpointsOf(deps, p);
  const tokens = await exchange(deps, p, e, code, callback, state);
  let claims: Record<string, unknown> = {};
  if (issuesIdToken(p)) {
    if (!tokens.id_token) throw new FederationError('The identity provider sent no ID token.');
    claims = await verifyIdToken(deps, p, e, tokens.id_token, state.nonce);
  }
  if (p.type === 'SignInWithApple') claims = { ...appleUser(userField), ...claims };
  // Google and Apple: the ID token is what cognate reads (their profile APIs are not asked).
  if (tokens.access_token && (p.type === 'OIDC' || p.type === 'Facebook' || p.type === 'LoginWithAmazon')) {
    const more = await readAttributes(p, e, tokens.access_token);
    // userInfo's sub must be the ID token's (OIDC Core 5.3.2).
    if (claims.sub !== undefined && more.sub !== undefined && more.sub !== claims.sub)
      throw new FederationError("The identity provider's userInfo names another subject.");
    claims = { ...claims, ...more };
  }
  return claims;
}
