// One-time codes for users (sign-up confirmation, password reset, attribute verification), with
// the atomic primitives their races need. A new code replaces the previous one of its purpose.
import {
  CodeMismatchException,
  ExpiredCodeException,
  LimitExceededException,
} from '../../../generated/cognito-idp/errors.js';
import { codeMatches, hashCode, newCode } from '../../../crypto/codes.js';
import type { Db, Tx } from '../../../store/store.js';
import { ATTEMPT_LIMIT } from './limits.js';

/** Wrong guesses a code survives; the next one kills it. */
export const MAX_CODE_ATTEMPTS = 5;

/** Lifetimes from Cognito's quotas page: sign-up and attribute codes 24 h, reset codes 1 h. */
export const CODE_LIFETIME_MS = { signup: 24 * 3600_000, verify: 24 * 3600_000, reset: 3600_000 } as const;

const scope = (poolId: string, sub: string, purpose: string) => `${poolId}\0${sub}\0${purpose}`;

/** How many codes of one purpose a user may be sent in a window; past it, LimitExceededException. */
export interface SendLimit {
  max: number;
  windowMs: number;
}

/** Cognito's answer to a wrong code (aws-amplify/amplify-js#11738). */
export const CODE_MISMATCH = 'Invalid verification code provided, please try again.';

/**
 * Makes a fresh code for (user, purpose), replacing any earlier one, and returns the plain code
 * for the message. Counts it in the purpose's send window; with `limit`, refuses a code past the
 * window's maximum, in the same statement (concurrent requests cannot overshoot it).
 */
export interface IssueOptions {
  limit?: SendLimit;
  /** an attribute value that takes effect once the code is verified */
  pendingValue?: string;
}

export async function issueCode(
  trx: Tx,
  key: Buffer,
  poolId: string,
  sub: string,
  purpose: string,
  lifetimeMs: number,
  now: number,
  { limit, pendingValue }: IssueOptions = {},
): Promise<string> {
  const code = newCode();
  const windowMs = limit?.windowMs ?? 3600_000;
  const row = {
    pool_id: poolId,
    sub,
    purpose,
    code_hash: hashCode(key, scope(poolId, sub, purpose), code),
    expires_at: now + lifetimeMs,
    attempts: 0,
    created_at: now,
    sent: 1,
    window_started_at: now,
    pending_value: pendingValue ?? null,
  };
  const issued = await trx
    .insertInto('user_codes')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['pool_id', 'sub', 'purpose'])
        .doUpdateSet((eb) => {
          const windowOver = eb('user_codes.window_started_at', '<=', now - windowMs);
          return {
            code_hash: row.code_hash,
            expires_at: row.expires_at,
            attempts: 0,
            created_at: now,
            pending_value: row.pending_value,
            sent: eb
              .case()
              .when(windowOver)
              .then(1)
              .else(eb('user_codes.sent', '+', 1))
              .end(),
            window_started_at: eb.case().when(windowOver).then(now).else(eb.ref('user_codes.window_started_at')).end(),
          };
        })
        .where((eb) =>
          limit
            ? eb.or([eb('user_codes.window_started_at', '<=', now - windowMs), eb('user_codes.sent', '<', limit.max)])
            : eb.lit(true),
        ),
    )
    .returning('purpose')
    .executeTakeFirst();
  if (!issued) throw new LimitExceededException(ATTEMPT_LIMIT);
  return code;
}

/**
 * Checks a code, outside any transaction so that a wrong guess stays counted. Returns the stored
 * hash to consume. A wrong guess counts one attempt, and only while the count is below the
 * limit, so parallel guessing cannot exceed MAX_CODE_ATTEMPTS. With `perCode: false` the caller
 * bounds the guesses instead (sign-up codes: the user's hourly ConfirmSignUp attempts).
 */
export async function checkCode(
  db: Db,
  key: Buffer,
  poolId: string,
  sub: string,
  purpose: string,
  code: string,
  now: number,
  { perCode = true }: { perCode?: boolean } = {},
): Promise<string> {
  const row = await db
    .selectFrom('user_codes')
    .selectAll()
    .where('pool_id', '=', poolId)
    .where('sub', '=', sub)
    .where('purpose', '=', purpose)
    .executeTakeFirst();
  if (!row || row.expires_at <= now)
    throw new ExpiredCodeException('Invalid code provided, please request a code again.');
  if (perCode && row.attempts >= MAX_CODE_ATTEMPTS) throw new LimitExceededException(ATTEMPT_LIMIT);
  if (!codeMatches(key, scope(poolId, sub, purpose), code, row.code_hash)) {
    if (!perCode) throw new CodeMismatchException(CODE_MISMATCH);
    const counted = await db
      .updateTable('user_codes')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('pool_id', '=', poolId)
      .where('sub', '=', sub)
      .where('purpose', '=', purpose)
      .where('code_hash', '=', row.code_hash)
      .where('attempts', '<', MAX_CODE_ATTEMPTS)
      .executeTakeFirst();
    if (Number(counted.numUpdatedRows) === 0) throw new LimitExceededException(ATTEMPT_LIMIT);
    throw new CodeMismatchException(CODE_MISMATCH);
  }
  return row.code_hash;
}

/**
 * Consumes a checked code inside the transaction that acts on it. Of concurrent callers with the
 * right code exactly one wins (the delete that removes the row); if that transaction rolls back,
 * the code stays usable.
 */
export async function consumeCode(
  trx: Tx,
  poolId: string,
  sub: string,
  purpose: string,
  codeHash: string,
): Promise<{ pendingValue: string | null }> {
  const deleted = await trx
    .deleteFrom('user_codes')
    .where('pool_id', '=', poolId)
    .where('sub', '=', sub)
    .where('purpose', '=', purpose)
    .where('code_hash', '=', codeHash)
    .returning('pending_value')
    .executeTakeFirst();
  if (!deleted) throw new ExpiredCodeException('Invalid code provided, please request a code again.');
  return { pendingValue: deleted.pending_value };
}
