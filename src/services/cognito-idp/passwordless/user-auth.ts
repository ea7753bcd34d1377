// USER_AUTH, choice-based sign-in: InitiateAuth names the user and perhaps a PREFERRED_CHALLENGE;
// a preferred challenge the user has starts at once, otherwise SELECT_CHALLENGE lists the
// AvailableChallenges and the answer (ANSWER) starts one. PASSWORD and PASSWORD_SRP go on as the
// password flows do (MFA after them as ever); EMAIL_OTP and SMS_OTP send a code through the
// messaging plane; WEB_AUTHN asks for a passkey assertion (CREDENTIAL_REQUEST_OPTIONS). A
// passwordless first factor ends the sign-in: MFA never follows it (see factors.ts).
import {
  InvalidParameterException,
  NotAuthorizedException,
  UserNotConfirmedException,
  UserNotFoundException,
} from '../../../generated/cognito-idp/errors.js';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { Deps } from '../../context.js';
import type { Client, Pool } from '../pools/store.js';
import { findUser, type User } from '../users/store.js';
import { hidesUsers } from '../users/recovery.js';
import { checkSecretHash } from '../users/secret-hash.js';
import { challenge, type AuthStep } from '../auth/step.js';
import { finishSignIn } from '../auth/device.js';
import { sendCode } from '../auth/mfa.js';
import { startSrpAuth } from '../auth/srp.js';
import { attemptsExceeded, isLockedOut } from '../auth/lockout.js';
import {
  afterPassword,
  checkSignInState,
  INCORRECT,
  passwordResetRequired,
  provePassword,
  requireParameter,
} from '../auth/sign-in.js';
import { asChallenges, availableChallenges, isFirstChallenge, type FirstChallenge } from './factors.js';
import { passkeysOf } from './relying-party.js';
import { advanceCounter, credentialsOf } from './credentials.js';
import { credentialJson, newChallenge, requestOptions, verifyAssertion } from './webauthn.js';

type Params = Record<string, string> | undefined;

export async function startUserAuth(deps: Deps, pool: Pool, client: Client, params: Params): Promise<AuthStep> {
  const username = requireParameter(params, 'USERNAME');
  checkSecretHash(client, username, params?.SECRET_HASH, 'sign-in');
  const preferred = params?.PREFERRED_CHALLENGE;
  // AWS's text for a PREFERRED_CHALLENGE it does not know is not on record: cognate's words.
  if (preferred !== undefined && !isFirstChallenge(preferred))
    throw new InvalidParameterException(`Invalid PREFERRED_CHALLENGE: ${preferred}`);
  const user = await findUser(deps.store.db, pool, username);
  const hide = hidesUsers(client);
  if (!user) {
    if (!hide) throw new UserNotFoundException('User does not exist.');
    // A hiding client answers a made-up name as a refused sign-in: cognate's simplification
    // (AWS's answer to USER_AUTH for a name that is no user is not on record).
    throw new NotAuthorizedException(INCORRECT);
  }
  if (user.status === 'UNCONFIRMED' && !hide) throw new UserNotConfirmedException('User is not confirmed.');
  if (user.status === 'RESET_REQUIRED' && !hide) throw passwordResetRequired();
  if (isLockedOut(user, deps.now())) throw attemptsExceeded();
  const available = await availableChallenges(deps.store.db, pool, user);
  if (preferred && (available as string[]).includes(preferred))
    return beginChallenge(deps, pool, client, user, preferred, params);
  if (user.status === 'UNCONFIRMED') throw new NotAuthorizedException(INCORRECT);
  checkSignInState(user, deps.now());
  // Not on record: cognate's words for a user with nothing to sign in with (no password, no
  // address the pool may send a code to, no passkey).
  if (available.length === 0) throw new NotAuthorizedException('The user has no available sign-in challenges.');
  return {
    ...challenge(deps, pool, client, user, 'SELECT_CHALLENGE', {}, { available }),
    AvailableChallenges: asChallenges(available),
  };
}

/** Answers SELECT_CHALLENGE: the chosen challenge, if it was offered, starts. */
export function selectChallenge(
  deps: Deps,
  pool: Pool,
  client: Client,
  user: User,
  offered: unknown,
  responses: Params,
): Promise<AuthStep> {
  const answer = requireParameter(responses, 'ANSWER');
  // AWS's text for an ANSWER it did not offer is not on record: cognate's words.
  if (!isFirstChallenge(answer) || !Array.isArray(offered) || !offered.includes(answer))
    throw new InvalidParameterException(`Invalid ANSWER: ${answer}`);
  return beginChallenge(deps, pool, client, user, answer, responses);
}

/**
 * Starts a first challenge. PASSWORD and PASSWORD_SRP are answered in the same request when it
 * carries PASSWORD or SRP_A (InitiateAuth's PREFERRED_CHALLENGE, SELECT_CHALLENGE's answer),
 * otherwise they open a challenge of their name that takes them.
 */
export async function beginChallenge(
  deps: Deps,
  pool: Pool,
  client: Client,
  user: User,
  name: FirstChallenge,
  params: Params,
): Promise<AuthStep> {
  checkSignInState(user, deps.now());
  // Only a password tells an unconfirmed user so (sign-in.ts); no code or passkey prompt goes to one.
  if (user.status === 'UNCONFIRMED' && name !== 'PASSWORD' && name !== 'PASSWORD_SRP')
    throw new NotAuthorizedException(INCORRECT);
  switch (name) {
    case 'PASSWORD':
      if (params?.PASSWORD === undefined)
        return challenge(deps, pool, client, user, 'PASSWORD', { USER_ID_FOR_SRP: user.username });
      return answerPassword(deps, pool, client, user, params.PASSWORD);
    case 'PASSWORD_SRP':
      if (params?.SRP_A === undefined)
        return challenge(deps, pool, client, user, 'PASSWORD_SRP', { USER_ID_FOR_SRP: user.username });
      return startSrpAuth(deps, pool, client, { USERNAME: user.username, SRP_A: params.SRP_A });
    case 'EMAIL_OTP':
    case 'SMS_OTP':
      return sendCode(deps, pool, client, user, name);
    case 'WEB_AUTHN': {
      const passkeys = await passkeysOf(deps.store.db, pool);
      const credentials = await credentialsOf(deps.store.db, pool.id, user.sub);
      const webAuthnChallenge = newChallenge();
      return challenge(
        deps,
        pool,
        client,
        user,
        'WEB_AUTHN',
        { CREDENTIAL_REQUEST_OPTIONS: JSON.stringify(requestOptions(passkeys, webAuthnChallenge, credentials)) },
        { challenge: webAuthnChallenge },
      );
    }
  }
}

/** A password given for USER_AUTH: proven as USER_PASSWORD_AUTH proves it, then MFA and the rest. */
export async function answerPassword(
  deps: Deps,
  pool: Pool,
  client: Client,
  user: User,
  password: string,
): Promise<AuthStep> {
  const proven = await provePassword(deps, pool, client, user.username, password);
  checkSignInState(proven, deps.now());
  return afterPassword(deps, pool, client, proven);
}

/**
 * The WEB_AUTHN answer: an AuthenticationResponseJSON of one of the user's passkeys, signed over
 * the challenge this sign-in issued. A passkey that does not prove the user is refused as a wrong
 * password is (NotAuthorizedException); the signature counter only moves forward.
 */
export async function answerWebAuthn(
  deps: Deps,
  pool: Pool,
  client: Client,
  user: User,
  issued: unknown,
  responses: Params,
): Promise<AuthStep> {
  const response = credentialJson<AuthenticationResponseJSON>(requireParameter(responses, 'CREDENTIAL'), 'CREDENTIAL');
  const passkeys = await passkeysOf(deps.store.db, pool);
  const stored = (await credentialsOf(deps.store.db, pool.id, user.sub)).find((c) => c.credential_id === response.id);
  // Not on record: cognate's words, those of a wrong password.
  if (!stored || typeof issued !== 'string') throw new NotAuthorizedException(INCORRECT);
  const assertion = await verifyAssertion(response, issued, passkeys, stored);
  if (!assertion || !(await advanceCounter(deps.store.db, stored, assertion.counter)))
    throw new NotAuthorizedException(INCORRECT);
  // A passkey sign-in ends as any other: a new device's metadata where the pool tracks devices.
  return finishSignIn(deps, pool, client, user, undefined);
}

export type { FirstChallenge };
