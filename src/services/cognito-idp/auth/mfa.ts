// The second factor of a sign-in. After the password, a pool with MFA ON, or OPTIONAL for a user
// who turned a factor on, asks for a code: by SMS (SMS_MFA), by email (EMAIL_OTP) or from an
// authenticator app (SOFTWARE_TOKEN_MFA); the user chooses when several are on and none is
// preferred (SELECT_MFA_TYPE); a user of an ON pool with no factor yet sets one up (MFA_SETUP).
// SMS and email codes go through the messaging plane and live as long as the session.
import { customMessage } from '../triggers/custom-message.js';
import { clientMetadataOf } from '../triggers/client-metadata.js';
import {
  CodeMismatchException,
  ExpiredCodeException,
  InvalidParameterException,
  NotAuthorizedException,
} from '../../../generated/cognito-idp/errors.js';
import type { Deps } from '../../context.js';
import type { Client, Pool } from '../pools/store.js';
import { poolFactors, type Factor } from '../pools/mfa.js';
import type { User } from '../users/store.js';
import { enabledFactors, preferredFactor } from '../users/mfa.js';
import { checkCode, consumeCode, issueCode } from '../users/codes.js';
import { emailChannel, smsChannel, deliveryDetails, type Channel } from '../messages/channels.js';
import { queueMessage, queueOptions } from '../messages/queue.js';
import { challenge, type AuthStep } from './step.js';
import { recordFailure } from './lockout.js';
import { SESSION_EXPIRED } from './session.js';
import { deviceData } from './device.js';

/** Cognito's answer to a wrong MFA code (docs/reference/cognito-messaging-facts.md §4.4). */
export const MFA_MISMATCH = 'Invalid code or auth state for the user.';
const MFA_PURPOSE = 'mfa';

/** The MFA challenge this sign-in needs, or undefined when the password is enough. `device`: the sign-in's device key, carried on. */
export async function mfaStep(
  deps: Deps,
  pool: Pool,
  client: Client,
  user: User,
  device?: string,
): Promise<AuthStep | undefined> {
  const mode = pool.config.MfaConfiguration ?? 'OFF';
  if (mode === 'OFF') return undefined;
  const offered = poolFactors(pool.config);
  const usable = enabledFactors(user).filter((f) => offered.includes(f));
  if (usable.length === 0) {
    if (mode === 'OPTIONAL') return undefined;
    // MFA ON and nothing set up: a phone number means SMS (Cognito's implicit SMS MFA); otherwise set one up.
    if (offered.includes('SMS_MFA') && user.attributes.phone_number)
      return startFactor(deps, pool, client, user, 'SMS_MFA', device);
    return challenge(
      deps,
      pool,
      client,
      user,
      'MFA_SETUP',
      { MFAS_CAN_SETUP: JSON.stringify(offered), USER_ID_FOR_SRP: user.username },
      deviceData(device),
    );
  }
  const preferred = preferredFactor(user);
  if (preferred && usable.includes(preferred)) return startFactor(deps, pool, client, user, preferred, device);
  if (usable.length === 1) return startFactor(deps, pool, client, user, usable[0], device);
  return challenge(
    deps,
    pool,
    client,
    user,
    'SELECT_MFA_TYPE',
    { MFAS_CAN_CHOOSE: JSON.stringify(usable), USER_ID_FOR_SRP: user.username },
    { choices: JSON.stringify(usable), ...deviceData(device) },
  );
}

/** Opens the challenge of one factor; for SMS and email, sends its code. */
export async function startFactor(
  deps: Deps,
  pool: Pool,
  client: Client,
  user: User,
  factor: Factor,
  device?: string,
): Promise<AuthStep> {
  if (factor === 'SOFTWARE_TOKEN_MFA')
    return challenge(
      deps,
      pool,
      client,
      user,
      'SOFTWARE_TOKEN_MFA',
      { USER_ID_FOR_SRP: user.username },
      deviceData(device),
    );
  return sendCode(deps, pool, client, user, factor, device);
}

/**
 * Sends a one-time code by SMS or email and opens the challenge that takes it: SMS_MFA and
 * EMAIL_OTP after a password, SMS_OTP and EMAIL_OTP as the first factor of choice-based sign-in.
 * Both use the pool's MFA message (SmsAuthenticationMessage, EmailMfaConfiguration), as AWS's
 * GetUserPoolMfaConfig documents for "MFA and sign-in with one-time passwords".
 */
export async function sendCode(
  deps: Deps,
  pool: Pool,
  client: Client,
  user: User,
  name: 'SMS_MFA' | 'EMAIL_OTP' | 'SMS_OTP',
  device?: string,
): Promise<AuthStep> {
  const sms = name !== 'EMAIL_OTP';
  const channel: Channel | undefined = sms
    ? user.attributes.phone_number
      ? smsChannel(user.attributes.phone_number)
      : undefined
    : user.attributes.email
      ? emailChannel(user.attributes.email)
      : undefined;
  // The text AWS gives SetUserMFAPreference for a factor the user cannot receive (aws/aws-sdk-js-v3#4645,
  // 2023); at sign-in AWS's answer is not on record: cognate gives the same one.
  if (!channel) throw new InvalidParameterException(`User does not have delivery config set to turn on ${name}`);
  const custom = await customMessage(deps, pool, 'CustomMessage_Authentication', user, {
    clientId: client.clientId,
    ...clientMetadataOf(deps),
  });
  const now = deps.now();
  const lifetime = (client.config.AuthSessionValidity ?? 3) * 60_000;
  await deps.store.tx(async (trx) => {
    const code = await issueCode(trx, deps.serverKey, pool.id, user.sub, MFA_PURPOSE, lifetime, now);
    await queueMessage(trx, pool, user, channel, 'mfa', { code, custom }, now, queueOptions(deps));
  });
  const details = deliveryDetails(channel);
  return challenge(
    deps,
    pool,
    client,
    user,
    name,
    {
      CODE_DELIVERY_DELIVERY_MEDIUM: details.DeliveryMedium!,
      CODE_DELIVERY_DESTINATION: details.Destination!,
      USER_ID_FOR_SRP: user.username,
    },
    deviceData(device),
  );
}

/**
 * Checks an SMS or email code. A wrong code is CodeMismatchException and counts against the
 * code's attempts; the session is spent either way (the caller spends it first).
 */
export async function checkDeliveredCode(deps: Deps, pool: Pool, user: User, code: string): Promise<void> {
  let hash: string;
  try {
    hash = await checkCode(deps.store.db, deps.serverKey, pool.id, user.sub, MFA_PURPOSE, code, deps.now());
  } catch (e) {
    if (e instanceof CodeMismatchException) {
      // Wrong MFA codes count towards the same lockout as wrong passwords.
      await recordFailure(deps, user, deps.now());
      throw new CodeMismatchException(MFA_MISMATCH);
    }
    // No code (or one that expired with its session): the sign-in has to start again.
    if (e instanceof ExpiredCodeException) throw new NotAuthorizedException(SESSION_EXPIRED);
    throw e;
  }
  await deps.store.tx((trx) => consumeCode(trx, pool.id, user.sub, MFA_PURPOSE, hash));
}
