// A request to a pool's domain: which pool, and the domain's address as this request reached it,
// so every link, redirect, cookie and discovery document names what the browser or the app used.
//
// Two ways in (docs/oauth.md): by Host (`<prefix>.auth.<region>.<anything>`, or a custom domain's
// name) for the paths a domain serves; or by the path form `/_cognate/domains/<domain>/<path>` on
// cognate's own address, which is a public web page like the domain itself: it is not one of
// cognate's operator routes (server/operator-guard.ts leaves it to this module).
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Deps } from '../../context.js';
import type { Db } from '../../../store/store.js';
import { Kept, readPoint } from '../../../store/kept.js';
import { poolOf, type ClientHead, type Pool } from '../pools/store.js';
import { DOMAIN_PATH_PREFIX, domainHost } from '../domains/resolve.js';
import { domainsOfPool, domainWithPoolVersion, type DomainRow } from '../domains/store.js';
import type { CookieScope } from './wire.js';
import { basicCredentials } from './client-auth.js';

/** The app client a request names in `Authorization: Basic` (the token and revocation endpoints'). */
const clientNamed = (req: IncomingMessage) => basicCredentials(req.headers.authorization)?.id;

export interface DomainRequest {
  domain: DomainRow;
  pool: Pool;
  /** the domain as this request reached it: scheme and host, and in the path form its /_cognate/domains/<domain> prefix */
  base: string;
  /** the path on the domain (`/oauth2/authorize`) */
  path: string;
  cookies: CookieScope;
  /**
   * The version of the app client the request's `Authorization: Basic` names, read with the domain
   * (null: the pool has no such client); absent where the domain was not read (kept) or no client named.
   */
  client?: ClientHead;
}

/** The paths a domain serves by Host: managed login, the OAuth 2.0 endpoints, discovery, and the federation callbacks to come. */
const DOMAIN_PATHS = new Set([
  '/login',
  '/logout',
  '/error',
  '/challenge',
  '/signup',
  '/confirm',
  '/forgotPassword',
  '/confirmForgotPassword',
  '/.well-known/openid-configuration',
  '/.well-known/jwks.json',
]);
const isDomainPath = (path: string) =>
  DOMAIN_PATHS.has(path) || path.startsWith('/oauth2/') || path.startsWith('/saml2/');

/**
 * Each host's domain and pool, kept while nothing in the store changed (src/store/kept.ts: SQLite's
 * change mark), so the requests to a domain between two writes read nothing for it. Elsewhere one
 * read gives the domain and its pool's version, and the pool is the one kept at that version.
 */
const byHost = new Kept<{ domain: DomainRow; pool: Pool }>({ limit: 1000, until: 'change' });

async function domainAndPool(
  db: Db,
  host: string,
  clientId: string | undefined,
): Promise<{ domain: DomainRow; pool: Pool; client?: ClientHead } | undefined> {
  const at = readPoint(db);
  const kept = byHost.unchanged(db, host, at);
  if (kept) return kept;
  const row = await domainWithPoolVersion(db, host, clientId);
  if (!row) return undefined;
  const { pool_version: version, client_version, ...domain } = row;
  const pool = await poolOf(db, { id: domain.pool_id, version }, at);
  if (!pool) return undefined;
  const found = byHost.keep(db, host, Object.freeze({ domain, pool }), at);
  return clientId ? { ...found, client: { id: clientId, version: client_version } } : found;
}

/** Names a domain cannot be: a loopback name or an address (cognate's own host, never a pool's). */
const NOT_A_DOMAIN = /^(localhost|\d+\.\d+\.\d+\.\d+|\[[0-9a-f:.]+\])$/i;

const schemeOf = (req: IncomingMessage) => ((req.socket as TLSSocket).encrypted ? 'https' : 'http');

/**
 * Whether the request is for a pool's domain: undefined when it is not (cognate's own routes go
 * on), `{ missing: true }` for the path form of a domain that does not exist, else the domain.
 */
export async function domainRequest(
  deps: Deps,
  req: IncomingMessage,
  url: URL,
): Promise<DomainRequest | { missing: true } | undefined> {
  const configured = deps.config.publicUrl?.replace(/\/+$/, '');
  if (url.pathname.startsWith(DOMAIN_PATH_PREFIX)) {
    const tail = url.pathname.slice(DOMAIN_PATH_PREFIX.length);
    const slash = tail.indexOf('/');
    const segment = slash < 0 ? tail : tail.slice(0, slash);
    let host: string;
    try {
      host = domainHost(decodeURIComponent(segment));
    } catch {
      return { missing: true };
    }
    const found = segment ? await domainAndPool(deps.store.db, host, clientNamed(req)) : undefined;
    if (!found) return { missing: true };
    const origin = configured ?? `${schemeOf(req)}://${req.headers.host ?? 'localhost'}`;
    const prefix = `${DOMAIN_PATH_PREFIX}${segment}`;
    return {
      ...found,
      base: `${origin}${prefix}`,
      path: slash < 0 ? '/' : tail.slice(slash),
      cookies: { path: `${prefix}/`, secure: origin.startsWith('https:') },
    };
  }
  if (!isDomainPath(url.pathname)) return undefined;
  const hostHeader = req.headers.host ?? '';
  const name = hostHeader.replace(/:\d+$/, '');
  if (!name || NOT_A_DOMAIN.test(name)) return undefined;
  const found = await domainAndPool(deps.store.db, domainHost(hostHeader), clientNamed(req));
  if (!found) return undefined;
  // Behind a TLS proxy the socket is plain: --public-url's scheme says what people use.
  const scheme = configured ? new URL(configured).protocol.slice(0, -1) : schemeOf(req);
  return {
    ...found,
    base: `${scheme}://${hostHeader}`,
    path: url.pathname,
    cookies: { path: '/', secure: scheme === 'https' },
  };
}

/**
 * Where a pool's endpoints are, for its issuer's discovery document (served at cognate's address,
 * not on the domain): the path form of its prefix domain (else its custom domain) on the address
 * the request came in on, which works without any DNS set up. Undefined for a pool without a domain.
 */
export async function poolDomainBase(deps: Deps, req: IncomingMessage, poolId: string): Promise<string | undefined> {
  const domains = await domainsOfPool(deps.store.db, poolId);
  const domain = domains.find((d) => d.kind === 'prefix') ?? domains[0];
  if (!domain) return undefined;
  const segment = domain.kind === 'prefix' ? `${domain.domain}.auth.${domain.region}` : domain.domain;
  const origin = deps.config.publicUrl?.replace(/\/+$/, '') ?? `${schemeOf(req)}://${req.headers.host ?? 'localhost'}`;
  return `${origin}${DOMAIN_PATH_PREFIX}${segment}`;
}
