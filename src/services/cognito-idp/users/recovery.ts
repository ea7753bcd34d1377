// Password recovery (ForgotPassword, ConfirmForgotPassword, AdminResetUserPassword): where a reset
// code goes, who may get one, what a client hiding user existence answers instead, and setting
// the new password with the code.
import { createHmac } from 'node:crypto';
import type { CodeDeliveryDetailsType } from '@aws-sdk/client-cognito-identity-provider';
import {
  AliasExistsException,
  CodeMismatchException,
  ExpiredCodeException,
  InvalidParameterException,
  NotAuthorizedException,
  UserNotFoundException,
} from '../../../generated/cognito-idp/errors.js';
import type { Tx } from '../../../store/store.js';
import type { Deps } from '../../context.js';
import type { Client, Pool } from '../pools/store.js';
import { deliveryDetails, emailChannel, smsChannel, maskEmail, maskPhone, type Channel } from '../messages/channels.js';
import { queueMessage, queueOptions, refuseAsSpentQuota } from '../messages/queue.js';
import type { CustomTexts } from '../messages/templates.js';
import { customMessage } from '../triggers/custom-message.js';
import { migrateUser } from '../triggers/user-migration.js';
import { forgetOldCounters, nameSubject, RESET_ATTEMPTS, takeAttempt, userSubject, type Subject } from './limits.js';
import { CODE_LIFETIME_MS, checkCode, consumeCode, issueCode } from './codes.js';
import { claimAlias } from './aliases.js';
import { applyPassword, preparePassword } from './password.js';
import { checkPassword } from './password-policy.js';
import { findUser, findUserForUpdate, saveUser, usernameKey, type User } from './store.js';

/** The public operations' word for an unknown user (docs/reference/aws-recorded.md §6 fact 34). */
export const CLIENT_USER_NOT_FOUND = 'Username/client id combination not found.';
const NO_DESTINATION = 'Cannot reset password for the user as there is no registered/verified email or phone_number';

/** PreventUserExistenceErrors ENABLED: unknown users look like known ones. LEGACY is the default. */
export const hidesUsers = (client: Client) => client.config.PreventUserExistenceErrors === 'ENABLED';

/** Without an AccountRecoverySetting, Cognito's legacy order: verified phone, then verified email. */
const LEGACY_ORDER = ['verified_phone_number', 'verified_email'];

function mechanisms(pool: Pool): string[] {
  const set = pool.config.AccountRecoverySetting?.RecoveryMechanisms;
  if (!set?.length) return LEGACY_ORDER;
  return [...set].sort((a, b) => (a.Priority ?? 0) - (b.Priority ?? 0)).map((m) => m.Name ?? '');
}

/**
 * admin_only pools offer no self-service recovery. AWS's text is unrecorded; this is moto's
 * (docs/reference/cognito-messaging-facts.md §4.5, §8.7).
 */
export function requireSelfService(pool: Pool): void {
  if (mechanisms(pool).includes('admin_only'))
    throw new NotAuthorizedException('Contact administrator to reset password.');
}

/** Exactly one destination, the first eligible mechanism by Priority (AccountRecoverySettingType doc). */
function recoveryChannel(pool: Pool, user: User): Channel | undefined {
  const a = user.attributes;
  for (const m of mechanisms(pool)) {
    if (m === 'verified_email' && a.email && a.email_verified === 'true') return emailChannel(a.email);
    if (m === 'verified_phone_number' && a.phone_number && a.phone_number_verified === 'true')
      return smsChannel(a.phone_number);
  }
  return undefined;
}

/**
 * Where this user's reset code goes, or why none is sent. `hideable` refusals are those a client
 * with PreventUserExistenceErrors answers with a simulated delivery: deactivated users and users
 * without a verified channel (developer guide, "Managing error responses"). Admin-created users
 * who never signed in cannot reset (re:Post knowledge center, "cognito-forgot-password").
 */
function resetDestination(pool: Pool, user: User): { channel: Channel } | { refused: Error; hideable: boolean } {
  if (!user.enabled) return { refused: new NotAuthorizedException('User is disabled.'), hideable: true };
  // AWS's text, which apps compare verbatim (code search: `=== 'User password cannot be reset in
  // the current state.'`); its exception NotAuthorizedException, as client code expects.
  if (user.status === 'FORCE_CHANGE_PASSWORD' || user.status === 'EXTERNAL_PROVIDER') {
    return {
      refused: new NotAuthorizedException('User password cannot be reset in the current state.'),
      hideable: false,
    };
  }
  const channel = recoveryChannel(pool, user);
  return channel ? { channel } : { refused: new InvalidParameterException(NO_DESTINATION), hideable: true };
}

/**
 * Reset codes are bound to the address they went to (`reset:<attribute>:<keyed digest>`), so a
 * code sent before the address changed cannot verify the new one. A new code replaces every
 * earlier reset code, whatever its address; match them with `like 'reset:%'`.
 */
const RESET = 'reset:';
const resetPurpose = (key: Buffer, attribute: string, address: string) =>
  `${RESET}${attribute}:${createHmac('sha256', key).update(address).digest('base64url').slice(0, 22)}`;

export interface SendOptions {
  /** answer a missing user, or a hideable refusal, with a simulated delivery instead of an error */
  hide: boolean;
  /** AdminResetUserPassword: the user must reset before signing in again (the old hash stays stored) */
  resetRequired: boolean;
  /** the operation's text for an unknown user */
  notFound: string;
  /** ForgotPassword: counted against the user's reset attempts of the hour (users/limits.ts) */
  limited: boolean;
  /** the app client and ClientMetadata the CustomMessage trigger is told of */
  clientId?: string;
  clientMetadata?: Record<string, string>;
  /** ForgotPassword: a name that is no user is first asked of the pool's UserMigration */
  migrateFor?: Client;
}

/**
 * Issues and queues a reset code, with the user read locked so the checks still hold at commit.
 * Returns where it went, or, where `hide` turned a refusal into silence, a simulated delivery
 * that is counted and refused as a real one would be. Wakes the delivery worker after commit.
 */
export async function sendResetCode(
  deps: Deps,
  pool: Pool,
  username: string,
  opts: SendOptions,
): Promise<CodeDeliveryDetailsType> {
  if (opts.migrateFor && !(await findUser(deps.store.db, pool, username)))
    await migrateUser(deps, pool, opts.migrateFor, 'UserMigration_ForgotPassword', username, {
      ...(opts.clientMetadata ? { clientMetadata: opts.clientMetadata } : {}),
    });
  const now = deps.now();
  // CustomMessage runs before the transaction opens (a call leaves the process): from the user as
  // read now; the transaction reads it again, locked, and sends to where it then points.
  let custom: CustomTexts | undefined;
  if (pool.config.LambdaConfig?.CustomMessage) {
    const before = await findUser(deps.store.db, pool, username);
    if (before && !('refused' in resetDestination(pool, before)))
      custom = await customMessage(deps, pool, 'CustomMessage_ForgotPassword', before, {
        ...(opts.clientId ? { clientId: opts.clientId } : {}),
        ...(opts.clientMetadata ? { clientMetadata: opts.clientMetadata } : {}),
      });
  }
  const shown = await deps.store.tx(async (trx) => {
    const silent = async (subject: Subject) => {
      if (opts.limited) await takeAttempt(trx, pool.id, subject, RESET_ATTEMPTS, now);
      const simulated = simulatedDelivery(deps.serverKey, pool, username);
      await refuseAsSpentQuota(trx, pool, simulated.DeliveryMedium, now, queueOptions(deps));
      return simulated;
    };
    const user = await findUserForUpdate(trx, pool, username);
    if (!user) {
      if (opts.hide) return silent(nameSubject(deps.serverKey, pool, username));
      throw new UserNotFoundException(opts.notFound);
    }
    const dest = resetDestination(pool, user);
    if ('refused' in dest) {
      if (opts.hide && dest.hideable) return silent(userSubject(user.sub));
      throw dest.refused;
    }
    const { channel } = dest;
    if (opts.limited) await takeAttempt(trx, pool.id, userSubject(user.sub), RESET_ATTEMPTS, now);
    await trx
      .deleteFrom('user_codes')
      .where('pool_id', '=', pool.id)
      .where('sub', '=', user.sub)
      .where('purpose', 'like', `${RESET}%`)
      .execute();
    const purpose = resetPurpose(deps.serverKey, channel.attribute, channel.address);
    const code = await issueCode(trx, deps.serverKey, pool.id, user.sub, purpose, CODE_LIFETIME_MS.reset, now);
    await queueMessage(trx, pool, user, channel, 'forgot_password', { code, custom }, now, queueOptions(deps));
    if (opts.resetRequired && user.status !== 'RESET_REQUIRED') {
      user.status = 'RESET_REQUIRED';
      user.updatedAt = now;
      await saveUser(trx, pool, user);
    }
    return deliveryDetails(channel);
  });
  if (opts.limited) await forgetOldCounters(deps.store.db, pool.id, now);
  return shown;
}

/**
 * What a hiding client answers when nothing is sent: shaped like a real delivery and the same
 * for a username every time, so repeating the call tells nothing. The medium follows the
 * username's form, else whether the pool verifies email (developer guide, "Managing error responses").
 */
export function simulatedDelivery(key: Buffer, pool: Pool, username: string): CodeDeliveryDetailsType {
  if (/^[^@\s]+@[^@\s]+$/.test(username))
    return { Destination: maskEmail(username), DeliveryMedium: 'EMAIL', AttributeName: 'email' };
  if (/^\+[0-9]{4,15}$/.test(username))
    return { Destination: maskPhone(username), DeliveryMedium: 'SMS', AttributeName: 'phone_number' };
  const h = createHmac('sha256', key).update(pool.id).update('\0').update(usernameKey(pool, username)).digest();
  if ((pool.config.AutoVerifiedAttributes ?? []).includes('email')) {
    const letter = (b: number) => String.fromCharCode(97 + (b % 26));
    return { Destination: `${letter(h[0])}***@${letter(h[1])}***`, DeliveryMedium: 'EMAIL', AttributeName: 'email' };
  }
  const last4 = String(h.readUInt32BE(2) % 10000).padStart(4, '0');
  return { Destination: maskPhone(`+1555555${last4}`), DeliveryMedium: 'SMS', AttributeName: 'phone_number' };
}

/**
 * The code proved the address it went to: verified again if the user still has that address and
 * nobody else holds it verified as a sign-in name (claimAlias refuses before writing anything,
 * so the transaction stays usable).
 */
async function markProved(trx: Tx, key: Buffer, pool: Pool, user: User, purpose: string, now: number): Promise<void> {
  const attribute = purpose.slice(RESET.length).split(':')[0];
  if (attribute !== 'email' && attribute !== 'phone_number') return;
  const value = user.attributes[attribute];
  if (!value || user.attributes[`${attribute}_verified`] === 'true' || purpose !== resetPurpose(key, attribute, value))
    return;
  try {
    await claimAlias(trx, pool, user, attribute, false, now);
  } catch (e) {
    if (e instanceof AliasExistsException) return;
    throw e;
  }
  user.attributes[`${attribute}_verified`] = 'true';
}

/**
 * ConfirmForgotPassword. The code is checked outside the transaction (a wrong guess stays
 * counted), the password hashed before it opens, the code consumed inside the one that sets the
 * password. A hiding client answers a missing or disabled user as a wrong code.
 */
export async function confirmReset(
  deps: Deps,
  pool: Pool,
  username: string,
  code: string,
  password: string,
  hide: boolean,
): Promise<User> {
  checkPassword(pool, password);
  const { db } = deps.store;
  const now = deps.now();
  const mismatch = () => new CodeMismatchException('Invalid verification code provided, please try again.');
  function refuse(user: User | undefined): asserts user is User {
    if (!user) throw hide ? mismatch() : new UserNotFoundException(CLIENT_USER_NOT_FOUND);
    if (!user.enabled) throw hide ? mismatch() : new NotAuthorizedException('User is disabled.');
  }
  const found = await findUser(db, pool, username);
  // Every code entered counts against the hour's reset attempts, a hiding client's made-up or
  // disabled users' too (their ForgotPassword counted the same way), so the limit tells nothing.
  if (hide && !found?.enabled) {
    const subject = found ? userSubject(found.sub) : nameSubject(deps.serverKey, pool, username);
    await takeAttempt(db, pool.id, subject, RESET_ATTEMPTS, now);
    refuse(undefined);
  }
  refuse(found);
  const { sub } = found;
  await takeAttempt(db, pool.id, userSubject(sub), RESET_ATTEMPTS, now);
  await forgetOldCounters(db, pool.id, now);
  const pending = await db
    .selectFrom('user_codes')
    .select('purpose')
    .where('pool_id', '=', pool.id)
    .where('sub', '=', sub)
    .where('purpose', 'like', `${RESET}%`)
    .executeTakeFirst();
  if (!pending) throw new ExpiredCodeException('Invalid code provided, please request a code again.');
  const codeHash = await checkCode(db, deps.serverKey, pool.id, sub, pending.purpose, code, now);
  // The KDF runs before the transaction opens: no lock is held while it burns CPU.
  const prepared = await preparePassword(deps, pool, found.username, password);
  return deps.store.tx(async (trx) => {
    await consumeCode(trx, pool.id, sub, pending.purpose, codeHash);
    const locked = await findUserForUpdate(trx, pool, username);
    const u = locked?.sub === sub ? locked : undefined;
    refuse(u);
    applyPassword(u, prepared);
    if (u.status === 'UNCONFIRMED') {
      // The code proved the address as a sign-up code would; the pending one has nothing left to do.
      await trx
        .deleteFrom('user_codes')
        .where('pool_id', '=', pool.id)
        .where('sub', '=', sub)
        .where('purpose', 'like', 'signup:%')
        .execute();
    }
    if (u.status === 'RESET_REQUIRED' || u.status === 'UNCONFIRMED' || u.status === 'FORCE_CHANGE_PASSWORD')
      u.status = 'CONFIRMED';
    await markProved(trx, deps.serverKey, pool, u, pending.purpose, now);
    u.updatedAt = now;
    await saveUser(trx, pool, u);
    return u;
  });
}
