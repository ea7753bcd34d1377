// What token verifiers fetch: each pool's JWKS and OpenID configuration at <cognate>/<poolId>/.well-known/,
// as Cognito serves them under https://cognito-idp.<region>.amazonaws.com/<poolId>. The configuration
// names the tokens' issuer (`--token-issuer`: that address, or Cognito's), this server's JWKS, and
// the OAuth 2.0 endpoints of the pool's domain (oauth/discovery.ts, shared with the domain's copy).
import { OperatorError, sendJson, type Route } from '../../../kernel/route.js';
import type { Deps } from '../../context.js';
import { getPoolById } from '../pools/store.js';
import { jwks } from './keys.js';
import { openidConfiguration } from '../oauth/discovery.js';
import { poolDomainBase } from '../oauth/domain.js';

const JWKS = /^\/([\w-]+_[0-9a-zA-Z]+)\/\.well-known\/jwks\.json$/;
const OPENID = /^\/([\w-]+_[0-9a-zA-Z]+)\/\.well-known\/openid-configuration$/;

// What AWS answers for a pool that does not exist is not on record (shared/reference): a 404 in
// cognate's one error shape for the routes beside the APIs.
const noSuchPool = (poolId: string) => new OperatorError(404, 'not_found', `User pool ${poolId} does not exist.`);

export function wellKnownRoutes(deps: Deps): Route[] {
  return [
    {
      method: 'GET',
      path: JWKS,
      async handle(_req, res, url) {
        const poolId = JWKS.exec(url.pathname)![1];
        if (!(await getPoolById(deps.store.db, poolId))) throw noSuchPool(poolId);
        sendJson(res, 200, await jwks(deps.store.db, poolId));
      },
    },
    {
      method: 'GET',
      path: OPENID,
      async handle(req, res, url) {
        const poolId = OPENID.exec(url.pathname)![1];
        const pool = await getPoolById(deps.store.db, poolId);
        if (!pool) throw noSuchPool(poolId);
        // The same document as the pool's domain serves (oauth/discovery.ts), its endpoints on
        // the domain in the path form, so it works without DNS.
        sendJson(res, 200, await openidConfiguration(deps, pool, await poolDomainBase(deps, req, pool.id)));
      },
    },
  ];
}
