// The temporary credentials AssumeRole hands out, remembered by access key so STS knows the
// session behind a key: GetCallerIdentity names it, and a key past its Expiration is refused as
// AWS refuses it. Sessions are kept a day past expiry (so a late caller hears "expired", not
// "unknown"), then swept as new ones are issued. The secret key is never stored: cognate does not
// verify signatures.
import { AwsError } from '../../kernel/errors.js';
import type { Db, Tx } from '../../store/store.js';
import type { KeySessions } from '../../kernel/caller.js';

export interface Session {
  accessKey: string;
  account: string;
  arn: string;
  userId: string;
  expiresAt: number;
}

const KEEP_EXPIRED_MS = 24 * 3600_000;

export async function saveSession(db: Db | Tx, s: Session, now: number): Promise<void> {
  await db
    .deleteFrom('sts_sessions')
    .where('expires_at', '<', now - KEEP_EXPIRED_MS)
    .execute();
  await db
    .insertInto('sts_sessions')
    .values({ access_key: s.accessKey, account: s.account, arn: s.arn, user_id: s.userId, expires_at: s.expiresAt })
    .execute();
}

/**
 * The session an access key belongs to, if AssumeRole issued it; an expired one is AWS's
 * ExpiredToken (403, "The security token included in the request is expired").
 */
export async function findSession(db: Db | Tx, accessKey: string, now: number): Promise<Session | undefined> {
  if (!accessKey.startsWith('ASIA')) return undefined;
  const r = await db.selectFrom('sts_sessions').selectAll().where('access_key', '=', accessKey).executeTakeFirst();
  if (!r) return undefined;
  if (Number(r.expires_at) <= now)
    throw new AwsError('ExpiredToken', 'The security token included in the request is expired', 403);
  return {
    accessKey: r.access_key,
    account: r.account,
    arn: r.arn,
    userId: r.user_id,
    expiresAt: Number(r.expires_at),
  };
}

/**
 * The account and expiry behind each temporary key, for every protocol's caller (Deps.keySessions).
 * A session never changes once issued, so what was read is remembered (a bounded map, emptied when
 * full); keys STS never issued are not remembered, so a key issued by another instance is found.
 */
export function keySessions(db: Db): KeySessions {
  const known = new Map<string, { account: string; expiresAt: number }>();
  return async (accessKey) => {
    const hit = known.get(accessKey);
    if (hit) return hit;
    const r = await db
      .selectFrom('sts_sessions')
      .select(['account', 'expires_at'])
      .where('access_key', '=', accessKey)
      .executeTakeFirst();
    if (!r) return undefined;
    if (known.size >= 10_000) known.clear();
    const session = { account: r.account, expiresAt: Number(r.expires_at) };
    known.set(accessKey, session);
    return session;
  };
}
