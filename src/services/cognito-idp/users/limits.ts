// Cognito's per-user limits on the public account operations, counted in the store so that they
// hold across instances and under any concurrency: taking an attempt is one conditional upsert,
// so of concurrent callers exactly as many get through as the window has room for.
//
// A client with PreventUserExistenceErrors answers a name that is no user as it would a user
// (developer guide, "Managing user existence error responses"); its attempts are counted under
// the name, so LimitExceededException comes at the same attempt for both and tells nothing.
import { createHmac } from 'node:crypto';
import { LimitExceededException } from '../../../generated/cognito-idp/errors.js';
import type { Db, Tx } from '../../../store/store.js';
import type { Pool } from '../pools/store.js';
import { usernameKey } from './store.js';

export interface AttemptLimit {
  purpose: string;
  max: number;
  windowMs: number;
}

const HOUR = 3600_000;

/**
 * "In a given hour, we allow between 5 and 20 attempts for a user to request or enter a password
 * reset code as part of forgot-password and confirm-forgot-password actions. The exact value
 * depends on the risk parameters" (developer guide, how-to-recover-a-user-account, "Forgot
 * password behavior"). cognate has no risk signals and takes the low end, which any client of
 * AWS must already be ready for: ForgotPassword and ConfirmForgotPassword together, 5 an hour.
 */
export const RESET_ATTEMPTS: AttemptLimit = { purpose: 'reset', max: 5, windowMs: HOUR };
/** Quotas page: ConfirmSignUp, 15 per user per hour (docs/reference/cognito-messaging-facts.md §4.4). */
export const CONFIRM_SIGN_UP_ATTEMPTS: AttemptLimit = { purpose: 'confirm-sign-up', max: 15, windowMs: HOUR };
/** Quotas page: ResendConfirmationCode, 5 per user per hour (same table). */
export const RESEND_ATTEMPTS: AttemptLimit = { purpose: 'resend', max: 5, windowMs: HOUR };

/**
 * Cognito's throttling answer, for codes asked for too often and guessed too often alike
 * (aws-amplify/aws-sdk-android#627, aws-amplify/amplify-js#8013).
 */
export const ATTEMPT_LIMIT = 'Attempt limit exceeded, please try after some time.';

/** Whose attempts a counter holds: a user, or a name that is no user. */
export type Subject = string;
export const userSubject = (sub: string): Subject => `u:${sub}`;
/** A keyed digest, so names made up by strangers are neither stored nor bounded in length. */
export const nameSubject = (key: Buffer, pool: Pool, username: string): Subject =>
  `n:${createHmac('sha256', key)
    .update(`${pool.id}\0${usernameKey(pool, username)}`)
    .digest('base64url')}`;

/** Every counter's window and every lockout it can hold is over an hour after its last attempt. */
const FORGET_AFTER_MS = HOUR;

/**
 * Now and then, deletes the pool's counters that can no longer refuse anything. Never inside a
 * transaction: on PostgreSQL two transactions that each hold their own counter and delete old
 * ones could wait for each other.
 */
export async function forgetOldCounters(db: Db, poolId: string, now: number): Promise<void> {
  if (Math.random() >= 0.02) return;
  await db
    .deleteFrom('attempt_counters')
    .where('pool_id', '=', poolId)
    .where('last_at', '<', now - FORGET_AFTER_MS)
    .execute();
}

/**
 * Counts one attempt of `subject` at `limit`'s action, or throws LimitExceededException when the
 * window is full; the window starts at the first attempt and lasts `windowMs`. In a transaction,
 * a rollback takes the attempt back (a refusal after it, such as the email quota, is not counted).
 */
export async function takeAttempt(
  db: Db | Tx,
  poolId: string,
  subject: Subject,
  limit: AttemptLimit,
  now: number,
): Promise<void> {
  const taken = await db
    .insertInto('attempt_counters')
    .values({
      pool_id: poolId,
      subject,
      purpose: limit.purpose,
      count: 1,
      window_started_at: now,
      last_at: now,
      locked_until: null,
    })
    .onConflict((oc) =>
      oc
        .columns(['pool_id', 'subject', 'purpose'])
        .doUpdateSet((eb) => {
          const over = eb('attempt_counters.window_started_at', '<=', now - limit.windowMs);
          return {
            count: eb
              .case()
              .when(over)
              .then(1)
              .else(eb('attempt_counters.count', '+', 1))
              .end(),
            window_started_at: eb.case().when(over).then(now).else(eb.ref('attempt_counters.window_started_at')).end(),
            last_at: now,
          };
        })
        .where((eb) =>
          eb.or([
            eb('attempt_counters.window_started_at', '<=', now - limit.windowMs),
            eb('attempt_counters.count', '<', limit.max),
          ]),
        ),
    )
    .returning('count')
    .executeTakeFirst();
  if (!taken) throw new LimitExceededException(ATTEMPT_LIMIT);
}
