// Authorization codes: made at /oauth2/authorize once the user is signed in, exchanged once at
// /oauth2/token. "The response returns a one time use code that is valid for five minutes"
// (developer guide, the authorize endpoint). Random; only a keyed hash is stored.
import { createHmac, randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Db } from '../../../store/store.js';
import { prepared } from '../../../store/prepared.js';
import type { OAuthCodeRow } from '../../../store/tables/cognito-idp-oauth.js';

export const CODE_LIFETIME_MS = 5 * 60_000;

export type CodeGrant = Selectable<OAuthCodeRow>;

const hashOf = (key: Buffer, code: string) =>
  createHmac('sha256', key).update('oauth code\0').update(code).digest('base64url');

export interface NewCode {
  poolId: string;
  clientId: string;
  sub: string;
  redirectUri: string;
  scopes: string[];
  nonce?: string;
  codeChallenge?: string;
  authTime: number;
}

export async function issueCode(db: Db, key: Buffer, c: NewCode, now: number): Promise<string> {
  const code = randomBytes(32).toString('base64url');
  await db
    .insertInto('oauth_codes')
    .values({
      code_hash: hashOf(key, code),
      pool_id: c.poolId,
      client_id: c.clientId,
      sub: c.sub,
      redirect_uri: c.redirectUri,
      scope: c.scopes.join(' '),
      nonce: c.nonce ?? null,
      code_challenge: c.codeChallenge ?? null,
      auth_time: c.authTime,
      expires_at: now + CODE_LIFETIME_MS,
      created_at: now,
    })
    .execute();
  // Now and then, forget codes nobody exchanged.
  if (Math.random() < 0.02) await db.deleteFrom('oauth_codes').where('expires_at', '<', now).execute();
  return code;
}

/**
 * Takes a code out of the store: one DELETE ... RETURNING, so of concurrent exchanges of one code
 * exactly one gets its row and every other finds none. The caller then checks what it is bound to;
 * a code presented wrongly (another client, redirect URI or verifier) is spent all the same, as
 * RFC 6749 §4.1.2 asks of a code used twice.
 */
const take = prepared<'hash' | 'pool', CodeGrant>((db, $) =>
  db.deleteFrom('oauth_codes').where('code_hash', '=', $('hash')).where('pool_id', '=', $('pool')).returningAll(),
);

export async function takeCode(db: Db, key: Buffer, poolId: string, code: string): Promise<CodeGrant | undefined> {
  return take.first(db, { hash: hashOf(key, code), pool: poolId });
}
