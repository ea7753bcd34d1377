// The temporary credentials AssumeRole hands out, remembered by access key so GetCallerIdentity
// answers with the assumed role's session, as AWS does. Expired sessions are swept as new ones
// are issued; the secret key is never stored (cognate does not verify signatures).
import type { Kysely } from 'kysely';
import type { Db, Tx } from '../../store/store.js';

interface SessionRow { access_key: string; account: string; arn: string; user_id: string; expires_at: number }
const sts = (db: Db | Tx) => db as unknown as Kysely<{ sts_sessions: SessionRow }>;

export interface Session { accessKey: string; account: string; arn: string; userId: string; expiresAt: number }

export async function saveSession(db: Db | Tx, s: Session, now: number): Promise<void> {
  await sts(db).deleteFrom('sts_sessions').where('expires_at', '<', now).execute();
  await sts(db).insertInto('sts_sessions').values({ access_key: s.accessKey, account: s.account, arn: s.arn, user_id: s.userId, expires_at: s.expiresAt }).execute();
}

/** The live session an access key belongs to, if AssumeRole issued it. */
export async function findSession(db: Db | Tx, accessKey: string, now: number): Promise<Session | undefined> {
  if (!accessKey.startsWith('ASIA')) return undefined;
  const r = await sts(db).selectFrom('sts_sessions').selectAll().where('access_key', '=', accessKey).where('expires_at', '>', now).executeTakeFirst();
  return r && { accessKey: r.access_key, account: r.account, arn: r.arn, userId: r.user_id, expiresAt: Number(r.expires_at) };
}
