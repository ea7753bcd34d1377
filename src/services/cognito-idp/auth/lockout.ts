// Cognito's lockout after wrong passwords (and wrong MFA codes): from the fifth failure, 1 second,
// doubling with each further one up to about 15 minutes; attempts during a lockout answer
// "Password attempts exceeded" and are not counted; the run is reset by a successful sign-in after
// a lockout period, or by 15 minutes without an attempt
// (https://docs.aws.amazon.com/cognito/latest/developerguide/authentication.html#authentication-flow-lockout-behavior).
//
// The decision is the store's, not the request's: a wrong password counts only through a statement
// that refuses it while a lockout stands, and the fifth sets the lockout in the same transaction;
// a right one signs in only if no lockout stands once it has been checked. So however many
// passwords arrive at once, on however many instances, at most five wrong ones are answered as
// such before the lockout, and a right one among those after it is refused like them.
//
// The counters of a user are columns of their row, written by these statements only (never by a
// whole-user save); a name that is no user keeps the same counters in `attempt_counters`, so a
// client hiding user existence locks it out exactly as it would a user.
import { NotAuthorizedException } from '../../../generated/cognito-idp/errors.js';
import type { Db } from '../../../store/store.js';
import { readPoint, type ReadPoint } from '../../../store/kept.js';
import { prepared } from '../../../store/prepared.js';
import type { Deps } from '../../context.js';
import type { User } from '../users/store.js';
import { forgetOldCounters, type Subject } from '../users/limits.js';

const LOCKOUT_AFTER = 5;
const LOCKOUT_MAX_MS = 15 * 60_000;
/** A run of failures is forgotten after 15 minutes without one. */
const FAILURE_MEMORY_MS = 15 * 60_000;

/** Cognito's answer to an attempt during a lockout (amazon-archives/amazon-cognito-identity-js#506). */
export const attemptsExceeded = () => new NotAuthorizedException('Password attempts exceeded');

export function lockoutMs(failures: number): number {
  return failures < LOCKOUT_AFTER ? 0 : Math.min(1000 * 2 ** (failures - LOCKOUT_AFTER), LOCKOUT_MAX_MS);
}

/** Whether the user, as read at the start of this request, is locked out at `now`. */
export function isLockedOut(user: User, now: number): boolean {
  return (user.lockout?.until ?? 0) > now;
}

/**
 * Counts a wrong password (or MFA code) unless the user is locked out at `now`; false when a
 * lockout stood, and the attempt was not counted.
 */
export async function recordFailure(deps: Deps, user: User, now: number): Promise<boolean> {
  return deps.store.tx(async (trx) => {
    const row = await trx
      .updateTable('users')
      .set((eb) => ({
        failed_sign_ins: eb
          .case()
          .when('last_failed_sign_in_at', '<', now - FAILURE_MEMORY_MS)
          .then(1)
          .else(eb('failed_sign_ins', '+', 1))
          .end(),
        last_failed_sign_in_at: now,
      }))
      .where('pool_id', '=', user.poolId)
      .where('sub', '=', user.sub)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
      .returning('failed_sign_ins')
      .executeTakeFirst();
    if (!row) return false;
    const wait = lockoutMs(row.failed_sign_ins);
    if (wait)
      await trx
        .updateTable('users')
        .set({ locked_until: now + wait })
        .where('pool_id', '=', user.poolId)
        .where('sub', '=', user.sub)
        .execute();
    return true;
  });
}

const lockoutOf = prepared<'pool' | 'sub', { failed_sign_ins: number; locked_until: number | null }>((db, $) =>
  db
    .selectFrom('users')
    .select(['failed_sign_ins', 'locked_until'])
    .where('pool_id', '=', $('pool'))
    .where('sub', '=', $('sub')),
);

/**
 * Whether a proven password may sign in at `now`: not if a lockout began while it was checked.
 * Before any lockout the run is kept, as the developer guide has it (only a success after a
 * lockout period resets it), so a right password inside a burst of wrong ones cannot buy the
 * burst five more guesses. A sign-in with no run of failures writes nothing, and reads the
 * counters again only if the store may have changed since `readAt`, taken before the user was
 * read (on PostgreSQL, always: one point read).
 */
export async function admitSuccess(deps: Deps, user: User, now: number, readAt: ReadPoint): Promise<boolean> {
  const { db } = deps.store;
  const row =
    readAt !== undefined && readPoint(db) === readAt
      ? { failed_sign_ins: user.lockout?.failures ?? 0, locked_until: user.lockout?.until ?? null }
      : await lockoutOf.first(db, { pool: user.poolId, sub: user.sub });
  if (!row) return true; // deleted meanwhile: the steps after the password find out
  if ((row.locked_until ?? 0) > now) return false;
  if (row.failed_sign_ins < LOCKOUT_AFTER) return true;
  // After a lockout period: this success resets the run, unless a new lockout has just begun.
  const reset = await db
    .updateTable('users')
    .set({ failed_sign_ins: 0, last_failed_sign_in_at: null, locked_until: null })
    .where('pool_id', '=', user.poolId)
    .where('sub', '=', user.sub)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .executeTakeFirst();
  return Number(reset.numUpdatedRows) > 0;
}

const SIGN_IN = 'sign-in';

/** Whether a name that is no user is locked out at `now` (its counters in `attempt_counters`). */
export async function nameLockedOut(db: Db, poolId: string, subject: Subject, now: number): Promise<boolean> {
  const row = await db
    .selectFrom('attempt_counters')
    .select('locked_until')
    .where('pool_id', '=', poolId)
    .where('subject', '=', subject)
    .where('purpose', '=', SIGN_IN)
    .executeTakeFirst();
  return (row?.locked_until ?? 0) > now;
}

/** recordFailure for a name that is no user: the same counting, the same lockouts. */
export async function recordNameFailure(deps: Deps, poolId: string, subject: Subject, now: number): Promise<boolean> {
  const counted = await deps.store.tx(async (trx) => {
    const row = await trx
      .insertInto('attempt_counters')
      .values({
        pool_id: poolId,
        subject,
        purpose: SIGN_IN,
        count: 1,
        window_started_at: now,
        last_at: now,
        locked_until: null,
      })
      .onConflict((oc) =>
        oc
          .columns(['pool_id', 'subject', 'purpose'])
          .doUpdateSet((eb) => ({
            count: eb
              .case()
              .when('attempt_counters.last_at', '<', now - FAILURE_MEMORY_MS)
              .then(1)
              .else(eb('attempt_counters.count', '+', 1))
              .end(),
            last_at: now,
          }))
          .where((eb) =>
            eb.or([eb('attempt_counters.locked_until', 'is', null), eb('attempt_counters.locked_until', '<=', now)]),
          ),
      )
      .returning('count')
      .executeTakeFirst();
    if (!row) return false;
    const wait = lockoutMs(row.count);
    if (wait)
      await trx
        .updateTable('attempt_counters')
        .set({ locked_until: now + wait })
        .where('pool_id', '=', poolId)
        .where('subject', '=', subject)
        .where('purpose', '=', SIGN_IN)
        .execute();
    return true;
  });
  await forgetOldCounters(deps.store.db, poolId, now);
  return counted;
}
