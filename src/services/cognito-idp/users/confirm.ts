// Confirming a sign-up with its code: ConfirmSignUp, and the confirmation link of link-style
// verification emails.
import {
  CodeMismatchException,
  NotAuthorizedException,
  UserNotFoundException,
  ExpiredCodeException,
} from '../../../generated/cognito-idp/errors.js';
import type { Deps } from '../../context.js';
import type { Pool } from '../pools/store.js';
import { findUser, findUserForUpdate, saveUser, type User } from './store.js';
import { CODE_MISMATCH, checkCode, consumeCode } from './codes.js';
import { CONFIRM_SIGN_UP_ATTEMPTS, forgetOldCounters, nameSubject, takeAttempt, userSubject } from './limits.js';
import { claimAlias } from './aliases.js';

/**
 * ConfirmSignUp. Every attempt counts against the user's 15 an hour, which bounds the guesses at
 * a sign-up code whatever the resends (so the code keeps no count of its own). A client hiding
 * user existence answers a made-up name as a wrong code, counted under the name, so neither the
 * answer nor the limit tells it from an unconfirmed user. Texts recorded (docs/reference/aws-recorded.md
 * §4.2): `Username/client id combination not found.`, `User cannot be confirmed. Current status is
 * CONFIRMED` (no final period), `Invalid code provided, please request a code again.`.
 */
export async function confirmSignUp(
  deps: Deps,
  pool: Pool,
  username: string,
  code: string,
  forceAliasCreation: boolean,
  hide: boolean,
): Promise<User> {
  const { db } = deps.store;
  const now = deps.now();
  const found = await findUser(db, pool, username);
  if (!found) {
    if (!hide) throw new UserNotFoundException('Username/client id combination not found.');
    await takeAttempt(db, pool.id, nameSubject(deps.serverKey, pool, username), CONFIRM_SIGN_UP_ATTEMPTS, now);
    await forgetOldCounters(db, pool.id, now);
    throw new CodeMismatchException(CODE_MISMATCH);
  }
  await takeAttempt(db, pool.id, userSubject(found.sub), CONFIRM_SIGN_UP_ATTEMPTS, now);
  await forgetOldCounters(db, pool.id, now);
  if (found.status !== 'UNCONFIRMED')
    throw new NotAuthorizedException(`User cannot be confirmed. Current status is ${found.status}`);
  const pending = await db
    .selectFrom('user_codes')
    .select('purpose')
    .where('pool_id', '=', pool.id)
    .where('sub', '=', found.sub)
    .where('purpose', 'like', 'signup:%')
    .executeTakeFirst();
  if (!pending) throw new ExpiredCodeException('Invalid code provided, please request a code again.');
  const codeHash = await checkCode(db, deps.serverKey, pool.id, found.sub, pending.purpose, code, now, {
    perCode: false,
  });
  return deps.store.tx(async (trx) => {
    await consumeCode(trx, pool.id, found.sub, pending.purpose, codeHash);
    // Re-read, locked, inside the transaction: the user may have changed since the check.
    const user = await findUserForUpdate(trx, pool, username);
    if (!user || user.sub !== found.sub) throw new UserNotFoundException('Username/client id combination not found.');
    if (user.status !== 'UNCONFIRMED')
      throw new NotAuthorizedException(`User cannot be confirmed. Current status is ${user.status}`);
    // The code proved the address: it is verified now, and becomes a sign-in alias if the pool has one.
    const attribute = pending.purpose.slice('signup:'.length);
    user.attributes[`${attribute}_verified`] = 'true';
    await claimAlias(trx, pool, user, attribute, forceAliasCreation, now);
    user.status = 'CONFIRMED';
    user.updatedAt = now;
    await saveUser(trx, pool, user);
    return user;
  });
}
