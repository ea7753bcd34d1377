// What token verifiers fetch: each pool's JWKS and OpenID configuration at <cognate>/<poolId>/.well-known/,
// as Cognito serves them under https://cognito-idp.<region>.amazonaws.com/<poolId>. The configuration
// names the tokens' issuer (`--token-issuer`: that address, or Cognito's) and this server's JWKS.
import { OperatorError, sendJson, type Route } from '../../../kernel/route.js';
import type { Deps } from '../../context.js';
import { getPoolById } from '../pools/store.js';
import { issuer, jwksUri } from './issue.js';
import { jwks } from './keys.js';

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
      async handle(_req, res, url) {
        const poolId = OPENID.exec(url.pathname)![1];
        if (!(await getPoolById(deps.store.db, poolId))) throw noSuchPool(poolId);
        sendJson(res, 200, {
          issuer: issuer(deps, poolId),
          jwks_uri: jwksUri(deps, poolId),
          response_types_supported: ['code', 'token'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
          scopes_supported: ['openid', 'email', 'phone', 'profile'],
          token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
          claims_supported: [
            'sub',
            'iss',
            'aud',
            'exp',
            'iat',
            'auth_time',
            'token_use',
            'cognito:username',
            'email',
            'email_verified',
            'phone_number',
            'phone_number_verified',
          ],
        });
      },
    },
  ];
}
