// Which pool a request to a pool's domain is for: the way the OAuth 2.0 endpoints and managed login
// (issue #20's OAuth issue) reach a pool. Two forms, both in docs/domains.md:
//   - by Host: `<prefix>.auth.<region>.<anything>` (AWS's `<prefix>.auth.<region>.amazoncognito.com`,
//     or a local name such as `<prefix>.auth.us-east-1.localhost` pointed at cognate), or the
//     custom domain itself;
//   - by path, for setups without DNS: `/_cognate/domains/<domain>/<rest>`, where <domain> is the
//     domain's host as above (a prefix domain's `<prefix>.auth.<region>` is enough).
import type { Db } from '../../../store/store.js';
import { domainByHost, type DomainRow } from './store.js';

const PREFIX_HOST = /^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)\.auth\.([a-z]{2}(?:-[a-z]+)+-\d+)(?:\.|$)/;

/** The stored host a request's Host names: port and trailing dot dropped, case ignored. */
export function domainHost(hostHeader: string): string {
  const host = hostHeader.trim().toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
  const m = PREFIX_HOST.exec(host);
  return m ? `${m[1]}.auth.${m[2]}.amazoncognito.com` : host;
}

/** The domain (and so the pool) a Host header names, if any. */
export function domainOfHost(db: Db, hostHeader: string): Promise<DomainRow | undefined> {
  return domainByHost(db, domainHost(hostHeader));
}

export const DOMAIN_PATH_PREFIX = '/_cognate/domains/';

/** `/_cognate/domains/<domain>/<rest>` read as the domain's host and the path on that domain. */
export function splitDomainPath(path: string): { host: string; rest: string } | undefined {
  if (!path.startsWith(DOMAIN_PATH_PREFIX)) return undefined;
  const tail = path.slice(DOMAIN_PATH_PREFIX.length);
  const slash = tail.indexOf('/');
  const domain = slash < 0 ? tail : tail.slice(0, slash);
  if (!domain) return undefined;
  return { host: domainHost(decodeURIComponent(domain)), rest: slash < 0 ? '/' : tail.slice(slash) };
}
