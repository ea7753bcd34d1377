// The managed login session of a pool's domain: the `cognito` cookie that lets a signed-in browser
// through /oauth2/authorize again, for any client of the pool, without signing in (single sign-on).
// It lasts an hour from the sign-in, AWS's default ("MaxValidityMinutes ... The default is 60",
// API reference, ClientSSOSessionConfigType). The cookie holds a random id; the store keeps its
// keyed hash, so /logout ends the session on every instance and a tampered cookie is no session.
import { createHmac, randomBytes } from 'node:crypto';
import type { Db } from '../../../store/store.js';
import { cookie, type CookieScope } from './wire.js';

export const SESSION_COOKIE = 'cognito';
export const SESSION_SECONDS = 3600;

const hashOf = (key: Buffer, id: string) =>
  createHmac('sha256', key).update('login session\0').update(id).digest('base64url');

export interface LoginSession {
  sub: string;
  /** when the user signed in, seconds since the epoch */
  authTime: number;
}

/** Who a SAML IdP said a session's user was, kept for single logout (federation/saml-logout.ts). */
export interface SamlSubject {
  provider: string;
  nameId: string;
  nameIdFormat?: string;
  sessionIndex?: string;
}

/** Starts a session for a user who just signed in; returns the cookie that carries it. */
export async function startSession(
  db: Db,
  key: Buffer,
  poolId: string,
  sub: string,
  now: number,
  scope: CookieScope,
  saml?: SamlSubject,
) {
  const id = randomBytes(32).toString('base64url');
  await db
    .insertInto('login_sessions')
    .values({
      id_hash: hashOf(key, id),
      pool_id: poolId,
      sub,
      auth_time: Math.floor(now / 1000),
      expires_at: now + SESSION_SECONDS * 1000,
      created_at: now,
      saml_provider: saml?.provider ?? null,
      saml_name_id: saml?.nameId ?? null,
      saml_name_id_format: saml?.nameIdFormat ?? null,
      saml_session_index: saml?.sessionIndex ?? null,
    })
    .execute();
  if (Math.random() < 0.02) await db.deleteFrom('login_sessions').where('expires_at', '<', now).execute();
  return cookie(SESSION_COOKIE, id, scope, SESSION_SECONDS);
}

/** The session a cookie value stands for in this pool, if it stands for one that has not ended. */
export async function findSession(
  db: Db,
  key: Buffer,
  poolId: string,
  id: string | undefined,
  now: number,
): Promise<LoginSession | undefined> {
  if (!id) return undefined;
  const row = await db
    .selectFrom('login_sessions')
    .select(['sub', 'auth_time', 'expires_at'])
    .where('id_hash', '=', hashOf(key, id))
    .where('pool_id', '=', poolId)
    .executeTakeFirst();
  if (!row || row.expires_at <= now) return undefined;
  return { sub: row.sub, authTime: Number(row.auth_time) };
}

/**
 * Ends the session a cookie value stands for; returns the cookie that deletes it from the browser
 * and, for a session begun at a SAML IdP, who the IdP said it was (for its single logout).
 */
export async function endSession(db: Db, key: Buffer, poolId: string, id: string | undefined, scope: CookieScope) {
  const row = id
    ? await db
        .deleteFrom('login_sessions')
        .where('id_hash', '=', hashOf(key, id))
        .where('pool_id', '=', poolId)
        .returning(['saml_provider', 'saml_name_id', 'saml_name_id_format', 'saml_session_index'])
        .executeTakeFirst()
    : undefined;
  const saml: SamlSubject | undefined =
    row?.saml_provider && row.saml_name_id
      ? {
          provider: row.saml_provider,
          nameId: row.saml_name_id,
          ...(row.saml_name_id_format ? { nameIdFormat: row.saml_name_id_format } : {}),
          ...(row.saml_session_index ? { sessionIndex: row.saml_session_index } : {}),
        }
      : undefined;
  return { cookie: cookie(SESSION_COOKIE, '', scope, 0), saml };
}

/**
 * Ends the sessions a SAML IdP's LogoutRequest names: its subject's, and of those only the one
 * SessionIndex when the request names one (SAML 2.0 core, 3.7.1). Returns how many ended.
 */
export async function endSamlSessions(db: Db, poolId: string, subject: SamlSubject): Promise<number> {
  let q = db
    .deleteFrom('login_sessions')
    .where('pool_id', '=', poolId)
    .where('saml_provider', '=', subject.provider)
    .where('saml_name_id', '=', subject.nameId);
  if (subject.sessionIndex) q = q.where('saml_session_index', '=', subject.sessionIndex);
  return Number((await q.executeTakeFirst()).numDeletedRows);
}
