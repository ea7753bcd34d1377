// An OIDC IdP's endpoints. AWS reads them from the issuer's discovery document and takes
// authorize_url, token_url, attributes_url and jwks_uri from the request only where discovery does
// not give them (API reference, ProviderDetails). cognate fetches the discovery document when it is
// reachable; the given endpoints fill what it lacks, and with no network the details are kept as
// given (docs/identity-providers.md).
import type { Details } from './details.js';

interface Discovery {
  authorization_endpoint?: unknown;
  token_endpoint?: unknown;
  userinfo_endpoint?: unknown;
  jwks_uri?: unknown;
}

async function discover(issuer: string): Promise<Discovery | undefined> {
  try {
    const res = await fetch(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`, {
      signal: AbortSignal.timeout(5000),
    });
    return res.ok ? ((await res.json()) as Discovery) : undefined;
  } catch {
    return undefined;
  }
}

const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

export async function withDiscovery(details: Details): Promise<Details> {
  const endpoints = ['authorize_url', 'token_url', 'attributes_url', 'jwks_uri'];
  if (endpoints.every((k) => details[k])) return details;
  const d = await discover(details.oidc_issuer);
  if (!d) return details;
  const found = {
    authorize_url: str(d.authorization_endpoint),
    token_url: str(d.token_endpoint),
    attributes_url: str(d.userinfo_endpoint),
    jwks_uri: str(d.jwks_uri),
  };
  const filled = Object.fromEntries(Object.entries(found).filter(([k, v]) => v && !details[k])) as Details;
  return { ...details, ...filled };
}
