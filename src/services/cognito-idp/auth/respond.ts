// RespondToAuthChallenge and AdminRespondToAuthChallenge: the answer to a challenge that
// InitiateAuth (or an earlier answer) opened, checked against the sealed Session.
import {
  AliasExistsException,
  InvalidParameterException,
  NotAuthorizedException,
} from '../../../generated/cognito-idp/errors.js';
import type { Deps } from '../../context.js';
import type { Client, Pool } from '../pools/store.js';
import { checkSecretHash } from '../users/secret-hash.js';
import { checkPassword } from '../users/password-policy.js';
import { checkAttributes } from '../users/attributes.js';
import { applyPassword, preparePassword } from '../users/password.js';
import { findUserBySub, findUserForUpdate, saveUser, type User } from '../users/store.js';
import { changeAttributes } from '../users/verification.js';
import { queueOptions } from '../messages/queue.js';
import { openSession, spendSession, SESSION_INVALID, type SessionState } from './session.js';
import { afterPassword, checkSignInState, missingRequired, requireParameter, type AuthStep } from './sign-in.js';
import type { Finish } from './step.js';
import { checkDeliveredCode, startFactor } from './mfa.js';
import { answerPasswordVerifier, startSrpAuth } from './srp.js';
import { finishSignIn, sessionDevice } from './device.js';
import { answerDeviceVerifier, startDeviceSrp } from './device-srp.js';
import { answerPassword, answerWebAuthn, selectChallenge } from '../passwordless/user-auth.js';
import { answerCustomChallenge, nextStep } from './custom.js';
import { checkSoftwareToken } from './software-token.js';
import type { Factor } from '../pools/mfa.js';

export async function respondToChallenge(
  deps: Deps,
  pool: Pool,
  client: Client,
  name: string,
  session: string | undefined,
  responses: Record<string, string> | undefined,
  /** the address of the user's device (a device's last_ip_used) */
  ip?: string,
  /** how the sign-in ends once every step is passed: the API's tokens, or managed login's session */
  finish: Finish = finishSignIn,
): Promise<AuthStep> {
  // The request's ClientMetadata reaches the custom challenge triggers (and, through deps, the
  // sign-in's PostAuthentication and PreTokenGeneration: triggers/client-metadata.ts).
  const { clientMetadata } = deps;
  // The SRP proof carries its state in its SECRET_BLOCK, not in a Session.
  if (name === 'PASSWORD_VERIFIER')
    return answerPasswordVerifier(deps, pool, client, responses, (user, custom) =>
      nextStep(deps, { pool, client, who: { user }, ...(clientMetadata ? { clientMetadata } : {}) }, [
        ...custom.history,
        { challengeName: 'PASSWORD_VERIFIER', challengeResult: true },
      ]),
    );
  // AWS's form for a missing parameter (sign-in.ts, requireParameter); for Session it is not on record.
  if (session === undefined) throw new InvalidParameterException('Missing required parameter Session');
  const state = openSession(deps.serverKey, session, deps.now());
  if (state.pool !== pool.id || state.client !== client.clientId || state.challenge !== name)
    throw new NotAuthorizedException(SESSION_INVALID);
  // A custom challenge may be about a name that is no user (userNotFound): ./custom.ts reads who.
  if (name === 'CUSTOM_CHALLENGE') return answerCustomChallenge(deps, pool, client, state, responses, clientMetadata);
  const username = requireParameter(responses, 'USERNAME');
  checkSecretHash(client, username, responses?.SECRET_HASH, 'sign-in');
  const user = await findUserBySub(deps.store.db, pool.id, state.sub);
  if (!user) throw new NotAuthorizedException(SESSION_INVALID);
  const device = sessionDevice(state.data);
  switch (name) {
    case 'NEW_PASSWORD_REQUIRED':
      return newPassword(deps, pool, client, user, state, responses!, finish);
    case 'SMS_MFA':
    case 'SMS_OTP':
    case 'EMAIL_OTP': {
      // One check for a code sent as MFA after a password and as USER_AUTH's first factor.
      const code = requireParameter(responses, `${name}_CODE`);
      await spendSession(deps.store.db, state, deps.now());
      checkSignInState(user, deps.now());
      await checkDeliveredCode(deps, pool, user, code);
      await markDeliveryVerified(deps, pool, user, name === 'EMAIL_OTP' ? 'email' : 'phone_number');
      return finish(deps, pool, client, user, device);
    }
    case 'SELECT_CHALLENGE':
      await spendSession(deps.store.db, state, deps.now());
      return selectChallenge(deps, pool, client, user, state.data?.available, responses);
    case 'PASSWORD': {
      const password = requireParameter(responses, 'PASSWORD');
      await spendSession(deps.store.db, state, deps.now());
      return answerPassword(deps, pool, client, user, password);
    }
    case 'PASSWORD_SRP': {
      const srpA = requireParameter(responses, 'SRP_A');
      await spendSession(deps.store.db, state, deps.now());
      return startSrpAuth(deps, pool, client, { USERNAME: user.username, SRP_A: srpA });
    }
    case 'WEB_AUTHN': {
      requireParameter(responses, 'CREDENTIAL');
      await spendSession(deps.store.db, state, deps.now());
      checkSignInState(user, deps.now());
      return answerWebAuthn(deps, pool, client, user, state.data?.challenge, responses);
    }
    case 'SOFTWARE_TOKEN_MFA': {
      const code = requireParameter(responses, 'SOFTWARE_TOKEN_MFA_CODE');
      await spendSession(deps.store.db, state, deps.now());
      checkSignInState(user, deps.now());
      await checkSoftwareToken(deps, user, code);
      return finish(deps, pool, client, user, device);
    }
    case 'MFA_SETUP': {
      // Answered once VerifySoftwareToken has proven the new token with this sign-in's Session.
      if (state.data?.verified !== true) throw new NotAuthorizedException(SESSION_INVALID);
      await spendSession(deps.store.db, state, deps.now());
      checkSignInState(user, deps.now());
      return finish(deps, pool, client, user, device);
    }
    case 'SELECT_MFA_TYPE': {
      const answer = requireParameter(responses, 'ANSWER');
      const offered = JSON.parse(String(state.data?.choices ?? '[]')) as string[];
      // AWS's text for an ANSWER it did not offer is not on record: cognate's words.
      if (!offered.includes(answer)) throw new InvalidParameterException(`Invalid ANSWER: ${answer}`);
      await spendSession(deps.store.db, state, deps.now());
      return startFactor(deps, pool, client, user, answer as Factor, device);
    }
    case 'DEVICE_SRP_AUTH':
      return startDeviceSrp(deps, pool, client, user, state, responses);
    case 'DEVICE_PASSWORD_VERIFIER':
      return answerDeviceVerifier(deps, pool, client, user, state, session, responses, ip);
    default:
      // Challenges cognate has not built: cognate's words.
      throw new InvalidParameterException(`cognate does not support the ${name} challenge yet.`);
  }
}

/**
 * NEW_PASSWORD_REQUIRED: the user replaces the temporary password, giving any required
 * attributes they lack as `userAttributes.<name>`; then the sign-in goes on.
 */
async function newPassword(
  deps: Deps,
  pool: Pool,
  client: Client,
  found: User,
  state: SessionState,
  responses: Record<string, string>,
  finish: Finish,
): Promise<AuthStep> {
  const password = requireParameter(responses, 'NEW_PASSWORD');
  checkPassword(pool, password);
  const given = Object.entries(responses)
    .filter(([k]) => k.startsWith('userAttributes.'))
    .map(([k, Value]) => ({ Name: k.slice('userAttributes.'.length), Value }));
  const changes = checkAttributes(pool, given, { creating: false });
  const missing = missingRequired(pool, { ...found.attributes, ...changes });
  // AWS's text for one missing attribute (aws/aws-sdk-android#1402, 2019; aws/aws-sdk-net-extensions-cognito#40);
  // how it joins several is not on record: cognate lists them with commas.
  if (missing.length) throw new InvalidParameterException(`Invalid attributes given, ${missing.join(', ')} is missing`);
  await spendSession(deps.store.db, state, deps.now());
  const prepared = await preparePassword(deps, pool, found.username, password);
  const now = deps.now();
  const user = await deps.store.tx(async (trx) => {
    const locked = await findUserForUpdate(trx, pool, found.username);
    if (!locked || locked.sub !== state.sub || locked.status !== 'FORCE_CHANGE_PASSWORD')
      throw new NotAuthorizedException(SESSION_INVALID);
    checkSignInState(locked, now);
    if (Object.keys(changes).length)
      await changeAttributes(trx, deps.serverKey, pool, locked, changes, now, queueOptions(deps));
    applyPassword(locked, prepared);
    locked.status = 'CONFIRMED';
    locked.updatedAt = now;
    await saveUser(trx, pool, locked);
    return locked;
  });
  return afterPassword(
    deps,
    pool,
    client,
    user,
    sessionDevice(state.data),
    finish,
    'TokenGeneration_NewPasswordChallenge',
  );
}

/** A code that reached the user proves the address it went to (developer guide, SMS and email MFA). */
async function markDeliveryVerified(deps: Deps, pool: Pool, user: User, attr: 'email' | 'phone_number'): Promise<void> {
  if (user.attributes[`${attr}_verified`] === 'true') return;
  const now = deps.now();
  await deps.store
    .tx(async (trx) => {
      const locked = await findUserForUpdate(trx, pool, user.username);
      if (!locked || locked.attributes[attr] !== user.attributes[attr]) return;
      await changeAttributes(
        trx,
        deps.serverKey,
        pool,
        locked,
        { [`${attr}_verified`]: 'true' },
        now,
        queueOptions(deps),
      );
    })
    .catch((e: unknown) => {
      // The address is another user's verified sign-in name: it stays unverified here.
      if (!(e instanceof AliasExistsException)) throw e;
    });
}
