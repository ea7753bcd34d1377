// Refresh tokens: random, stored only as keyed hashes, one row per token. A sign-in (its
// origin_jti, shared by every token it yields) holds one current refresh token, and with rotation
// also those it replaced: a replaced token refreshes until its grace period ends, never after.
// Revoking any token of a sign-in ends the whole sign-in, and with it its access tokens.
import { createHmac, randomBytes } from 'node:crypto';
import type { Db, Tx } from '../../../store/store.js';
import { prepared } from '../../../store/prepared.js';

const hashRefreshToken = (key: Buffer, token: string) =>
  createHmac('sha256', key).update('refresh\0').update(token).digest('base64url');

export interface SignInContext {
  /** when the user proved who they are (seconds since the epoch): kept across refreshes */
  authTime: number;
  /** the sign-in's id; a fresh sign-in gets a new one */
  originJti: string;
  /** the device the sign-in is bound to (device tracking): its access tokens name it, its refreshes need it */
  deviceKey?: string;
  /**
   * the scopes an OAuth sign-in (the domain's /oauth2/ endpoints) was granted, kept by its refresh
   * tokens so a refreshed access token has them too; undefined for a sign-in through the API
   */
  scopes?: string[];
}

export interface NewRefreshToken {
  poolId: string;
  sub: string;
  clientId: string;
  signIn: SignInContext;
  expiresAt: number;
}

/** Stores a new refresh token of a sign-in (its hash only) and returns the token. */
const insertRefreshToken = prepared<
  'hash' | 'pool' | 'sub' | 'client' | 'origin' | 'authTime' | 'expires' | 'now' | 'device' | 'scope'
>((db, $) =>
  db.insertInto('refresh_tokens').values({
    token_hash: $('hash'),
    pool_id: $('pool'),
    sub: $('sub'),
    client_id: $('client'),
    origin_jti: $('origin'),
    auth_time: $('authTime'),
    expires_at: $('expires'),
    revoked_at: null,
    grace_ends_at: null,
    created_at: $('now'),
    device_key: $('device'),
    scope: $('scope'),
  }),
);

export async function storeRefreshToken(db: Db | Tx, key: Buffer, t: NewRefreshToken, now: number): Promise<string> {
  const token = randomBytes(48).toString('base64url');
  await insertRefreshToken.all(db, {
    hash: hashRefreshToken(key, token),
    pool: t.poolId,
    sub: t.sub,
    client: t.clientId,
    origin: t.signIn.originJti,
    authTime: t.signIn.authTime,
    expires: t.expiresAt,
    now,
    device: t.signIn.deviceKey ?? null,
    scope: t.signIn.scopes ? t.signIn.scopes.join(' ') : null,
  });
  return token;
}

export interface RefreshGrant extends NewRefreshToken {
  tokenHash: string;
}

/** Why a refresh token does not refresh: not this pool's and client's, revoked, expired, or rotated out. */
export interface Refused {
  refused: 'invalid' | 'revoked' | 'expired' | 'reused';
}

/** The sign-in a refresh token of this pool and client refreshes, or why it does not. */
export async function redeemRefreshToken(
  db: Db | Tx,
  key: Buffer,
  poolId: string,
  clientId: string,
  token: string,
  now: number,
): Promise<RefreshGrant | Refused> {
  const tokenHash = hashRefreshToken(key, token);
  const row = await db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  if (!row || row.pool_id !== poolId || row.client_id !== clientId) return { refused: 'invalid' };
  if (row.revoked_at !== null || !(await originActive(db, row.origin_jti))) return { refused: 'revoked' };
  if (row.expires_at <= now) return { refused: 'expired' };
  if (row.grace_ends_at !== null && row.grace_ends_at <= now) return { refused: 'reused' };
  return {
    tokenHash,
    poolId,
    sub: row.sub,
    clientId,
    signIn: {
      authTime: row.auth_time,
      originJti: row.origin_jti,
      ...(row.device_key !== null ? { deviceKey: row.device_key } : {}),
      ...(row.scope !== null ? { scopes: row.scope.split(' ').filter(Boolean) } : {}),
    },
    expiresAt: row.expires_at,
  };
}

/**
 * Replaces a redeemed refresh token with a new one of the same sign-in, valid for what remained of
 * the old one's validity (AWS's "Refresh tokens" page: "The new refresh token is valid for the
 * remaining duration of the original refresh token"). The old token keeps refreshing for
 * `graceSeconds` after its first replacement, for client retries; a retry within the grace
 * period gets a new token of its own, and does not extend the period. The conditional update makes
 * concurrent exchanges of one token without a grace period have exactly one winner; the others get
 * RefreshTokenReuseException's refusal, or the revoked one where a revocation came first.
 */
export async function rotateRefreshToken(
  trx: Tx,
  key: Buffer,
  grant: RefreshGrant,
  graceSeconds: number,
  now: number,
): Promise<{ token: string } | Refused> {
  const r = await trx
    .updateTable('refresh_tokens')
    .set((eb) => ({ grace_ends_at: eb.fn.coalesce('grace_ends_at', eb.val(now + graceSeconds * 1000)) }))
    .where('token_hash', '=', grant.tokenHash)
    .where('revoked_at', 'is', null)
    // Without a grace period only a token never replaced qualifies: comparing with `now` could let
    // a request that read the clock before the winner's commit through as a second winner.
    .where((eb) =>
      graceSeconds > 0
        ? eb.or([eb('grace_ends_at', 'is', null), eb('grace_ends_at', '>', now)])
        : eb('grace_ends_at', 'is', null),
    )
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) {
    const again = await trx
      .selectFrom('refresh_tokens')
      .select(['revoked_at'])
      .where('token_hash', '=', grant.tokenHash)
      .executeTakeFirst();
    return { refused: again?.revoked_at === null ? 'reused' : 'revoked' };
  }
  return { token: await storeRefreshToken(trx, key, grant, now) };
}

/** Revokes one sign-in (RevokeToken): every refresh token of it, and so every access token it issued. */
export async function revokeRefreshToken(
  db: Db,
  key: Buffer,
  clientId: string,
  token: string,
  now: number,
): Promise<boolean> {
  const row = await db
    .selectFrom('refresh_tokens')
    .select(['origin_jti'])
    .where('token_hash', '=', hashRefreshToken(key, token))
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  if (!row) return false;
  const r = await db
    .updateTable('refresh_tokens')
    .set({ revoked_at: now })
    .where('origin_jti', '=', row.origin_jti)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Signs a user out everywhere (GlobalSignOut, AdminUserGlobalSignOut, AdminDisableUser). */
export async function revokeAllOf(db: Db | Tx, poolId: string, sub: string, now: number): Promise<void> {
  await db
    .updateTable('refresh_tokens')
    .set({ revoked_at: now })
    .where('pool_id', '=', poolId)
    .where('sub', '=', sub)
    .where('revoked_at', 'is', null)
    .execute();
}

/**
 * Whether a sign-in still stands: it has tokens and none of them is revoked. Revocation marks every
 * token of the sign-in, but on PostgreSQL a revocation racing a rotation may miss the token the
 * rotation adds (its statement does not see rows committed after it began); one revoked token
 * ends the sign-in all the same.
 */
export async function originActive(db: Db | Tx, originJti: string): Promise<boolean> {
  const row = await db
    .selectFrom('refresh_tokens')
    .select((eb) => [eb.fn.countAll().as('tokens'), eb.fn.count('revoked_at').as('revoked')])
    .where('origin_jti', '=', originJti)
    .executeTakeFirstOrThrow();
  return Number(row.tokens) > 0 && Number(row.revoked) === 0;
}
