// Cognito's lockout after wrong passwords (and wrong MFA codes): from the fifth in a row, 1 second,
// doubling with each further one up to 15 minutes; attempts during a lockout are refused and not
// counted; a run of failures is forgotten after 15 minutes without one, or on a success
// (https://docs.aws.amazon.com/cognito/latest/developerguide/authentication.html#authentication-flow-lockout-behavior). The counters are written by these
// statements only, never by a whole-user save.
import type { Deps } from '../../context.js';
import type { User } from '../users/store.js';

const LOCKOUT_AFTER = 5;
const LOCKOUT_MAX_MS = 15 * 60_000;
/** A run of failures is forgotten after 15 minutes without one. */
const FAILURE_MEMORY_MS = 15 * 60_000;

export function lockoutMs(failures: number): number {
  return failures < LOCKOUT_AFTER ? 0 : Math.min(1000 * 2 ** (failures - LOCKOUT_AFTER), LOCKOUT_MAX_MS);
}

/** Whether the user, as read at the start of this request, is locked out at `now`. */
export function isLockedOut(user: User, now: number): boolean {
  return (user.lockout?.until ?? 0) > now;
}

/** Counts a wrong password, and locks the user out from the fifth in a row. */
export async function recordFailure(deps: Deps, user: User, now: number): Promise<void> {
  await deps.store.tx(async (trx) => {
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
      .returning('failed_sign_ins')
      .executeTakeFirst();
    const wait = row ? lockoutMs(row.failed_sign_ins) : 0;
    if (wait)
      await trx
        .updateTable('users')
        .set({ locked_until: now + wait })
        .where('pool_id', '=', user.poolId)
        .where('sub', '=', user.sub)
        .execute();
  });
}

/** Forgets a run of failures after a success; nothing to write when the user read had none. */
export async function clearFailures(deps: Deps, user: User): Promise<void> {
  if (user.lockout && user.lockout.failures === 0 && user.lockout.until === 0) return;
  await deps.store.db
    .updateTable('users')
    .set({ failed_sign_ins: 0, last_failed_sign_in_at: null, locked_until: null })
    .where('pool_id', '=', user.poolId)
    .where('sub', '=', user.sub)
    .where('failed_sign_ins', '>', 0)
    .execute();
}
