// Where an OIDC or social IdP is reached. An OIDC IdP's endpoints are those its ProviderDetails
// keep (filled from discovery when it was created, idps/oidc.ts), else its issuer's discovery
// document, read now and kept for five minutes. A social IdP's are AWS's (idps/details.ts) plus
// the JWKS of the two that sign ID tokens; `--social-idp-url` moves every one of them to
// <URL>/<host>/<path> so the social types can be tried offline. Only the addresses move: the
// issuer an ID token must name stays the provider's own.
import type { Deps } from '../../context.js';
import type { IdentityProvider } from '../idps/store.js';

export interface Endpoints {
  authorize: string;
  token: string;
  /** userInfo (OIDC), the profile API (social); absent where the ID token is all there is */
  attributes?: string;
  jwks?: string;
  /** the `iss` an ID token must carry; absent for IdPs that issue none (Facebook, Login with Amazon) */
  issuer?: string;
}

/** The JWKS of the social IdPs that issue ID tokens (their discovery documents name them). */
const SOCIAL_JWKS: Record<string, string> = {
  Google: 'https://www.googleapis.com/oauth2/v3/certs',
  SignInWithApple: 'https://appleid.apple.com/auth/keys',
};

const discovered = new Map<string, { at: number; doc: Record<string, unknown> }>();

/** Thrown when an IdP's endpoints cannot be known; the caller tells the app (cognate's words). */
export class IdpUnreachable extends Error {}

async function discovery(issuer: string, now: number): Promise<Record<string, unknown>> {
  const kept = discovered.get(issuer);
  if (kept && now - kept.at < 5 * 60_000) return kept.doc;
  let doc: Record<string, unknown>;
  try {
    const res = await fetch(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`, {
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) throw new Error(`status ${res.status}`);
    doc = (await res.json()) as Record<string, unknown>;
  } catch (e) {
    throw new IdpUnreachable(`The identity provider's discovery document could not be read (${(e as Error).message}).`);
  }
  discovered.set(issuer, { at: now, doc });
  return doc;
}

const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

/** An address of a social IdP as `--social-idp-url` moves it. */
export function socialUrl(deps: Deps, url: string): string {
  const base = deps.config.socialIdpUrl;
  if (!base) return url;
  const u = new URL(url);
  return `${base}/${u.host}${u.pathname}${u.search}`;
}

export async function endpointsOf(deps: Deps, p: IdentityProvider): Promise<Endpoints> {
  const d = p.details;
  if (p.type === 'OIDC') {
    const doc = [d.authorize_url, d.token_url, d.jwks_uri].every(Boolean)
      ? {}
      : await discovery(d.oidc_issuer, deps.now());
    const authorize = d.authorize_url || str(doc.authorization_endpoint);
    const token = d.token_url || str(doc.token_endpoint);
    const jwks = d.jwks_uri || str(doc.jwks_uri);
    if (!authorize || !token || !jwks)
      throw new IdpUnreachable('The identity provider names no authorization, token or JWKS endpoint.');
    return {
      authorize,
      token,
      attributes: d.attributes_url || str(doc.userinfo_endpoint),
      jwks,
      issuer: d.oidc_issuer,
    };
  }
  const jwks = SOCIAL_JWKS[p.type];
  return {
    authorize: socialUrl(deps, d.authorize_url),
    token: socialUrl(deps, d.token_url),
    ...(d.attributes_url ? { attributes: socialUrl(deps, d.attributes_url) } : {}),
    ...(jwks ? { jwks: socialUrl(deps, jwks), issuer: d.oidc_issuer } : {}),
  };
}
