// The OpenID Provider configuration of a pool, one document for both places it is served: the
// pool's issuer (<cognate>/<poolId>/.well-known/openid-configuration, where verifiers and OIDC
// clients look) and the pool's domain (/.well-known/openid-configuration). Everything it lists is
// served: the endpoints (on the domain, as the request reached it; the issuer's copy lists them
// only when the pool has a domain), the scopes (Cognito's and the pool's resource servers'), the
// grants, the claims the tokens carry. The tokens' issuer and JWKS are the same in both.
import type { Deps } from '../../context.js';
import type { Pool } from '../pools/store.js';
import { issuer, jwksUri } from '../tokens/issue.js';
import { poolScopes } from '../resource-servers/store.js';

const CLAIMS = [
  'sub',
  'iss',
  'aud',
  'exp',
  'iat',
  'auth_time',
  'nonce',
  'at_hash',
  'token_use',
  'origin_jti',
  'event_id',
  'jti',
  'cognito:username',
  'cognito:groups',
  'cognito:roles',
  'cognito:preferred_role',
  'email',
  'email_verified',
  'phone_number',
  'phone_number_verified',
  'name',
  'given_name',
  'family_name',
  'middle_name',
  'nickname',
  'preferred_username',
  'profile',
  'picture',
  'website',
  'gender',
  'birthdate',
  'zoneinfo',
  'locale',
  'address',
  'updated_at',
];

export async function openidConfiguration(deps: Deps, pool: Pool, domainBase: string | undefined) {
  const custom = await poolScopes(deps.store.db, pool);
  return {
    issuer: issuer(deps, pool.id),
    ...(domainBase
      ? {
          authorization_endpoint: `${domainBase}/oauth2/authorize`,
          token_endpoint: `${domainBase}/oauth2/token`,
          userinfo_endpoint: `${domainBase}/oauth2/userInfo`,
          revocation_endpoint: `${domainBase}/oauth2/revoke`,
        }
      : {}),
    jwks_uri: jwksUri(deps, pool.id),
    response_types_supported: ['code', 'token'],
    response_modes_supported: ['query', 'fragment'],
    grant_types_supported: ['authorization_code', 'implicit', 'refresh_token', 'client_credentials'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin', ...custom],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    code_challenge_methods_supported: ['S256'],
    claims_supported: CLAIMS,
  };
}
