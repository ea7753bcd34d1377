// The tokens of a sign-in: an id token and an access token, RS256 JWTs with Cognito's claims,
// and an opaque refresh token stored only as a keyed hash (./refresh.ts). Every token of one sign-in, including
// those a refresh issues later, shares its origin_jti; each token has its own jti.
import { createHash, randomUUID } from 'node:crypto';
import type { AuthenticationResultType } from '@aws-sdk/client-cognito-identity-provider';
import type { Deps } from '../../context.js';
import { signJwt, type Claims } from '../../../crypto/jwt.js';
import type { Client, Pool } from '../pools/store.js';
import type { User } from '../users/store.js';
import type { Db, Tx } from '../../../store/store.js';
import { tokenGroupsOfUser } from '../groups/store.js';
import { signingKey } from './keys.js';
import { storeRefreshToken, type SignInContext } from './refresh.js';
import { signInEventOf } from '../risk/sign-in-event.js';
import {
  applyClaims,
  machineTokenGeneration,
  preTokenGeneration,
  scopesWith,
  type TokenSource,
} from '../triggers/pre-token-generation.js';

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

/** Cognito's own scope: an access token without it cannot call the user's own API operations. */
export const ADMIN_SCOPE = 'aws.cognito.signin.user.admin';

/**
 * The attributes a sign-in's scopes let the id token (and /oauth2/userInfo) show, of those the
 * client may read. An API sign-in, or `openid` alone, shows every readable one; with `email`,
 * `phone` or `profile` beside it, only what those name (`profile`: every readable attribute).
 * AWS's "Scopes, M2M, and API authorization" page: "When you request openid and other scopes like
 * profile, email, and phone, the contents of the ID token and userInfo response are limited to the
 * constraints of the additional scopes".
 */
export function readableAttributes(client: Client, user: User, scopes?: string[]): Record<string, string> {
  const readable = client.config.ReadAttributes;
  const narrowed =
    scopes && ['email', 'phone', 'profile'].some((s) => scopes.includes(s)) && !scopes.includes('profile');
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(user.attributes)) {
    if (readable && !readable.includes(name)) continue;
    if (narrowed) {
      const email = name === 'email' || name === 'email_verified';
      const phone = name === 'phone_number' || name === 'phone_number_verified';
      // A federated user's identities are in the ID token whatever the scopes (cognate's reading
      // of AWS's examples, where they stand beside email alone).
      const shown = name === 'identities' || (email && scopes.includes('email')) || (phone && scopes.includes('phone'));
      if (!shown) continue;
    }
    out[name] = value;
  }
  return out;
}

/**
 * A federated user's `identities` as the ID token carries it: an array, `primary` and
 * `dateCreated` as strings (developer guide, "Understanding the identity (ID) token", example).
 */
function identitiesClaim(value: string): unknown {
  try {
    const list = JSON.parse(value) as Record<string, unknown>[];
    return list.map((i) => ({ ...i, primary: String(i.primary), dateCreated: String(i.dateCreated) }));
  } catch {
    return value;
  }
}

/** The user's attributes as id-token claims: the readable ones the scopes allow; verified flags as booleans. */
function attributeClaims(client: Client, user: User, scopes?: string[]): Claims {
  const claims: Claims = {};
  for (const [name, value] of Object.entries(readableAttributes(client, user, scopes))) {
    claims[name] =
      name === 'identities' ? identitiesClaim(value) : BOOLEAN_ATTRIBUTES.has(name) ? value === 'true' : value;
  }
  return claims;
}

/** OIDC's at_hash: the left half of the access token's SHA-256, base64url (RS256). */
const atHash = (accessToken: string) =>
  createHash('sha256').update(accessToken).digest().subarray(0, 16).toString('base64url');

/** What only a sign-in through the domain's endpoints adds to its tokens. */
export interface OAuthExtras {
  /** the authorize request's nonce, for the id token of the sign-in's first tokens */
  nonce?: string;
}

/**
 * Signs the id and access tokens of a sign-in. An OAuth sign-in (`signIn.scopes`) gets its scopes
 * in the access token, an id token only with `openid`, and the id token's at_hash (and nonce).
 */

const NO_CHANGE = { add: {}, suppress: new Set<string>() };

export async function accessAndIdTokens(
  deps: Deps,
  pool: Pool,
  client: Client,
  user: User,
  signIn: SignInContext,
  extras: OAuthExtras = {},
  source: TokenSource = 'TokenGeneration_Authentication',
): Promise<Pick<AuthenticationResultType, 'AccessToken' | 'IdToken' | 'ExpiresIn' | 'TokenType'>> {
  const read = await tokenGroupsOfUser(deps.store.db, pool.id, user.sub);
  // An OAuth sign-in's granted scopes, else the API's one scope.
  const { scopes } = signIn;
  const granted = scopes ?? [ADMIN_SCOPE];
  // The trigger runs before the keys are read: its call may take seconds.
  const changes = await preTokenGeneration(deps, pool, client, user, source, read, granted, deps.clientMetadata);
  const groups = changes?.groups ?? read;
  const scope = scopesWith(granted, changes);
  const now = deps.now();
  const iat = Math.floor(now / 1000);
  const wantsId = !scopes || scopes.includes('openid');
  const accessKey = await signingKey(deps.store.db, pool.id, 'access', now);
  const idKey = wantsId ? await signingKey(deps.store.db, pool.id, 'id', now) : undefined;
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
  const accessClaims = applyClaims(
    {
      ...common,
      // The device of a pool that tracks devices (the developer guide's access token sample).
      ...(signIn.deviceKey ? { device_key: signIn.deviceKey } : {}),
      client_id: client.clientId,
      token_use: 'access',
      ...(scope.length ? { scope: scope.join(' ') } : {}),
      exp: iat + accessSeconds,
      // Every Cognito access token says version 2 (the developer guide's access token payload).
      version: 2,
      jti: randomUUID(),
      username: user.username,
    },
    changes?.access ?? NO_CHANGE,
  );
  const idClaims = (hash?: string): Claims =>
    applyClaims(
      {
        ...(hash ? { at_hash: hash } : {}),
        ...attributeClaims(client, user, scopes),
        ...common,
        ...(groups.roles.length ? { 'cognito:roles': groups.roles } : {}),
        ...(groups.preferredRole ? { 'cognito:preferred_role': groups.preferredRole } : {}),
        'cognito:username': user.username,
        ...(extras.nonce !== undefined ? { nonce: extras.nonce } : {}),
        aud: client.clientId,
        token_use: 'id',
        exp: iat + validitySeconds(client, 'IdToken'),
        jti: randomUUID(),
      },
      changes?.id ?? NO_CHANGE,
    );
  let access: string;
  let id: string | undefined;
  if (!scopes) {
    // Both signed at once, in the thread pool.
    [access, id] = await Promise.all([
      signJwt(accessKey.kid, accessClaims, accessKey.privateKey),
      signJwt(idKey!.kid, idClaims(), idKey!.privateKey),
    ]);
  } else {
    // The id token's at_hash is made from the access token: one after the other.
    access = await signJwt(accessKey.kid, accessClaims, accessKey.privateKey);
    if (idKey) id = await signJwt(idKey.kid, idClaims(atHash(access)), idKey.privateKey);
  }
  return { AccessToken: access, ExpiresIn: accessSeconds, TokenType: 'Bearer', ...(id ? { IdToken: id } : {}) };
}

/** How a sign-in through the domain's endpoints differs from one through the API. */
export interface OAuthSignIn extends OAuthExtras {
  scopes: string[];
  /** when the user proved who they are (the managed login session's), seconds since the epoch */
  authTime: number;
  /** whether the sign-in gets a refresh token (not the implicit grant's) */
  refreshToken: boolean;
}

/** A complete sign-in: a new origin (bound to `deviceKey` if given), its refresh token stored (hashed), and the three tokens. */
export async function signInTokens(
  deps: Deps,
  pool: Pool,
  client: Client,
  user: User,
  deviceKey?: string,
  oauth?: OAuthSignIn,
  source: TokenSource = oauth ? 'TokenGeneration_HostedAuth' : 'TokenGeneration_Authentication',
): Promise<AuthenticationResultType> {
  const now = deps.now();
  const signIn: SignInContext = {
    authTime: oauth?.authTime ?? Math.floor(now / 1000),
    originJti: randomUUID(),
    ...(deviceKey ? { deviceKey } : {}),
    ...(oauth ? { scopes: oauth.scopes } : {}),
  };
  // The access and ID tokens first: a PreTokenGeneration that refuses leaves no refresh token stored.
  const tokens = await accessAndIdTokens(deps, pool, client, user, signIn, oauth ?? {}, source);
  // An access token is accepted only while its sign-in has tokens, none revoked (refresh.ts,
  // originActive): the implicit grant's sign-in keeps a row too, never handed out.
  const store = (db: Db | Tx) =>
    storeRefreshToken(
      db,
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
  const refreshToken = await store(deps.store.db);
  // A pool recording auth events: the sign-in writes its event right after its refresh token, each
  // statement its own commit (risk/sign-in-event.ts). One transaction around both cost a quarter of
  // a cheap sign-in on SQLite (docs/benchmarks.md §3); a crash between the two loses the event only.
  const event = signInEventOf(deps);
  if (event) {
    await event.write(deps.store.db, user);
    event.written = true;
  }
  return oauth && !oauth.refreshToken ? tokens : { ...tokens, RefreshToken: refreshToken };
}

/**
 * The access token of the client_credentials grant (machine to machine): no user, no sign-in; its
 * subject is the client. The claims of AWS's M2M access token (developer guide, "Scopes, M2M, and
 * API authorization"): sub and client_id the client, token_use, scope, auth_time, version, jti.
 * A V3_0 PreTokenGeneration changes its claims and scopes first (`clientMetadata`: the request's
 * aws_client_metadata).
 */
export async function clientCredentialsToken(
  deps: Deps,
  pool: Pool,
  client: Client,
  scopes: string[],
  clientMetadata?: Record<string, string>,
): Promise<{ AccessToken: string; ExpiresIn: number; TokenType: 'Bearer' }> {
  // The trigger runs before the key is read: its call may take seconds.
  const changes = await machineTokenGeneration(deps, pool, client, scopes, clientMetadata);
  const scope = scopesWith(scopes, changes);
  const now = deps.now();
  const iat = Math.floor(now / 1000);
  const key = await signingKey(deps.store.db, pool.id, 'access', now);
  const seconds = validitySeconds(client, 'AccessToken');
  const token = await signJwt(
    key.kid,
    applyClaims(
      {
        sub: client.clientId,
        token_use: 'access',
        ...(scope.length ? { scope: scope.join(' ') } : {}),
        auth_time: iat,
        iss: issuer(deps, pool.id),
        exp: iat + seconds,
        iat,
        version: 2,
        jti: randomUUID(),
        client_id: client.clientId,
      },
      changes?.access ?? NO_CHANGE,
    ),
    key.privateKey,
  );
  return { AccessToken: token, ExpiresIn: seconds, TokenType: 'Bearer' };
}
