// The access token of the operations a user calls for themselves (GetUser, ChangePassword, ...):
// signed by its pool's key with RS256, an access token, unexpired, its sign-in not revoked, and
// its user still there and enabled.
import { NotAuthorizedException } from '../../../generated/cognito-idp/errors.js';
import type { Deps } from '../../context.js';
import { decodeJwt, verifyRs256, type Claims } from '../../../crypto/jwt.js';
import { getPoolById, type Pool } from '../pools/store.js';
import { findUserBySub, type User } from '../users/store.js';
import { verificationKey } from './keys.js';
import { originActive } from './refresh.js';
import { ADMIN_SCOPE } from './issue.js';

export interface Authenticated {
  pool: Pool;
  user: User;
  clientId: string;
  claims: Claims;
}

// Recorded: `Invalid Access Token` (awslabs/aws-amplify-identity-broker#538, 2024), `Access Token has
// expired` (aws-amplify/aws-sdk-ios#1376, 2019), `Access Token has been revoked`
// (aws-amplify/amplify-js#2205, 2018), `User is disabled.` (localstack/localstack#8454, from AWS).
// A token of a user deleted since: AWS's answer is not on record; cognate's NotAuthorizedException,
// on which clients (Amplify) end the session as for a revoked token.
const INVALID = 'Invalid Access Token';

/**
 * The access token's sign-in, user and claims. The user's own API operations need Cognito's scope
 * (`aws.cognito.signin.user.admin`, which every API sign-in has and an OAuth sign-in has when it
 * asked for it); `requiredScope` names another (/oauth2/userInfo: openid).
 */
export async function authenticate(deps: Deps, token: string, requiredScope = ADMIN_SCOPE): Promise<Authenticated> {
  const decoded = decodeJwt(token);
  if (decoded?.header.alg !== 'RS256' || typeof decoded.header.kid !== 'string')
    throw new NotAuthorizedException(INVALID);
  const { claims } = decoded;
  const poolId = typeof claims.iss === 'string' ? claims.iss.slice(claims.iss.lastIndexOf('/') + 1) : '';
  const pool = poolId ? await getPoolById(deps.store.db, poolId) : undefined;
  const key = pool && (await verificationKey(deps.store.db, pool.id, 'access', decoded.header.kid));
  if (
    !pool ||
    !key ||
    !verifyRs256(token, key) ||
    claims.token_use !== 'access' ||
    typeof claims.sub !== 'string' ||
    typeof claims.origin_jti !== 'string'
  ) {
    throw new NotAuthorizedException(INVALID);
  }
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= deps.now())
    throw new NotAuthorizedException('Access Token has expired');
  if (!(await originActive(deps.store.db, claims.origin_jti)))
    throw new NotAuthorizedException('Access Token has been revoked');
  // Recorded: aws-amplify/amplify-js#1906 (GetUser with a hosted UI token lacking the scope).
  if (typeof claims.scope !== 'string' || !claims.scope.split(' ').includes(requiredScope))
    throw new NotAuthorizedException('Access Token does not have required scopes');
  const user = await findUserBySub(deps.store.db, pool.id, claims.sub);
  if (!user) throw new NotAuthorizedException('User does not exist.');
  if (!user.enabled) throw new NotAuthorizedException('User is disabled.');
  return { pool, user, clientId: String(claims.client_id), claims };
}
