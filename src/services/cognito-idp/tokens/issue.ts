// The tokens of a sign-in: an id token and an access token, RS256 JWTs with Cognito's claims,
// and an opaque refresh token stored only as a keyed hash (./refresh.ts). Every token of one sign-in, including
// those a refresh issues later, shares its origin_jti; each token has its own jti.
import { randomUUID } from 'node:crypto';
import type { AuthenticationResultType } from '@aws-sdk/client-cognito-identity-provider';
import type { Deps } from '../../context.js';
import { signJwt, type Claims } from '../../../crypto/jwt.js';
import type { Client, Pool } from '../pools/store.js';
import type { User } from '../users/store.js';
import { tokenGroupsOfUser } from '../groups/store.js';
import { signingKey } from './keys.js';
import { storeRefreshToken, type SignInContext } from './refresh.js';
import { applyClaims, preTokenGeneration, type TokenSource } from '../triggers/pre-token-generation.js';

const SECONDS = { seconds: 1, minutes: 60, hours: 3600, days: 86400 } as const;

/** A client's validity for one kind of token, in seconds (defaults: 1 hour; refresh 30 days). */
export function validitySeconds(client: Client, kind: 'AccessToken' | 'IdToken' | 'RefreshToken'): number {
  const c = client.config;
  const units = c.TokenValidityUnits?.[kind];
  if (kind === 'RefreshToken') return (c.RefreshTokenValidity ?? 30) * SECONDS[units ?? 'days'];
  const value = kind === 'AccessToken' ? c.AccessTokenValidity : c.IdTokenValidity;
  return value === undefined ? 3600 : value * SECONDS[units ?? 'hours'];
}

/**
 * The issuer of a pool's tokens (`--token-issuer`). `cognate`: cognate's address and the pool id,
 * under which its token documents are, so a verifier that follows the issuer finds the keys. `aws`:
 * Cognito's form, https://cognito-idp.<region>.amazonaws.com/<poolId> (a pool id starts with its
 * Region), for verifiers that accept no other (aws-jwt-verify's CognitoJwtVerifier, Amplify's
 * Next.js adapter); those are pointed at cognate's JWKS (`jwksUri`).
 */
export const issuer = (deps: Deps, poolId: string) =>
  deps.config.tokenIssuer === 'aws'
    ? `https://cognito-idp.${poolId.slice(0, poolId.indexOf('_'))}.amazonaws.com/${poolId}`
    : `${deps.publicUrl}/${poolId}`;

/** Where cognate serves a pool's JWKS, whatever the issuer. */
export const jwksUri = (deps: Deps, poolId: string) => `${deps.publicUrl}/${poolId}/.well-known/jwks.json`;

const BOOLEAN_ATTRIBUTES = new Set(['email_verified', 'phone_number_verified']);

/** The user's attributes as id-token claims: the client's readable ones; verified flags as booleans. */
function attributeClaims(client: Client, user: User): Claims {
  const readable = client.config.ReadAttributes;
  const claims: Claims = {};
  for (const [name, value] of Object.entries(user.attributes)) {
    if (readable && !readable.includes(name)) continue;
    claims[name] = BOOLEAN_ATTRIBUTES.has(name) ? value === 'true' : value;
  }
  return claims;
}

const NO_CHANGE = { add: {}, suppress: new Set<string>() };

/** Signs the id and access tokens of a sign-in, as the pool's PreTokenGeneration changes them. */
export async function accessAndIdTokens(
  deps: Deps,
  pool: Pool,
  client: Client,
  user: User,
  signIn: SignInContext,
  source: TokenSource = 'TokenGeneration_Authentication',
): Promise<Pick<AuthenticationResultType, 'AccessToken' | 'IdToken' | 'ExpiresIn' | 'TokenType'>> {
  const read = await tokenGroupsOfUser(deps.store.db, pool.id, user.sub);
  const scopes = ['aws.cognito.signin.user.admin'];
  // The trigger runs before the keys are read: its call may take seconds.
  const changes = await preTokenGeneration(deps, pool, client, user, source, read, scopes);
  const groups = changes?.groups ?? read;
  const scope = [...scopes, ...(changes?.scopesToAdd ?? []).filter((x) => !scopes.includes(x))].filter(
    (x) => !changes?.scopesToSuppress.has(x),
  );
  const now = deps.now();
  const iat = Math.floor(now / 1000);
  const accessKey = await signingKey(deps.store.db, pool.id, 'access', now);
  const idKey = await signingKey(deps.store.db, pool.id, 'id', now);
  const common = {
    sub: user.sub,
    ...(groups.names.length ? { 'cognito:groups': groups.names } : {}),
    iss: issuer(deps, pool.id),
    origin_jti: signIn.originJti,
    event_id: randomUUID(),
    auth_time: signIn.authTime,
    iat,
  };
  const accessSeconds = validitySeconds(client, 'AccessToken');
  // Both signed at once, in the thread pool.
  const [access, id] = await Promise.all([
    signJwt(
      accessKey.kid,
      applyClaims(
        {
          ...common,
          client_id: client.clientId,
          token_use: 'access',
          ...(scope.length ? { scope: scope.join(' ') } : {}),
          exp: iat + accessSeconds,
          jti: randomUUID(),
          username: user.username,
        },
        changes?.access ?? NO_CHANGE,
      ),
      accessKey.privateKey,
    ),
    signJwt(
      idKey.kid,
      applyClaims(
        {
          ...attributeClaims(client, user),
          ...common,
          ...(groups.roles.length ? { 'cognito:roles': groups.roles } : {}),
          ...(groups.preferredRole ? { 'cognito:preferred_role': groups.preferredRole } : {}),
          'cognito:username': user.username,
          aud: client.clientId,
          token_use: 'id',
          exp: iat + validitySeconds(client, 'IdToken'),
          jti: randomUUID(),
        },
        changes?.id ?? NO_CHANGE,
      ),
      idKey.privateKey,
    ),
  ]);
  return { AccessToken: access, ExpiresIn: accessSeconds, TokenType: 'Bearer', IdToken: id };
}

/** A complete sign-in: a new origin, its refresh token stored (hashed), and the three tokens. */
export async function signInTokens(
  deps: Deps,
  pool: Pool,
  client: Client,
  user: User,
  source: TokenSource = 'TokenGeneration_Authentication',
): Promise<AuthenticationResultType> {
  const now = deps.now();
  const signIn: SignInContext = { authTime: Math.floor(now / 1000), originJti: randomUUID() };
  // The access and ID tokens first: a PreTokenGeneration that refuses leaves no refresh token stored.
  const tokens = await accessAndIdTokens(deps, pool, client, user, signIn, source);
  const refreshToken = await storeRefreshToken(
    deps.store.db,
    deps.serverKey,
    {
      poolId: pool.id,
      sub: user.sub,
      clientId: client.clientId,
      signIn,
      expiresAt: now + validitySeconds(client, 'RefreshToken') * 1000,
    },
    now,
  );
  return { ...tokens, RefreshToken: refreshToken };
}
