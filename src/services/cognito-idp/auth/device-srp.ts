// Device SRP: a remembered device proves it holds the password its client made when the device
// was confirmed, as amazon-cognito-identity-js computes it (CognitoUser.getDeviceResponse): the
// same SRP-6a as USER_SRP_AUTH (crypto/srp.ts) with the device group key as the "pool name" and
// the device key as the user id. DEVICE_SRP_AUTH takes the client's SRP_A and answers SRP_B, the
// device's SALT and a SECRET_BLOCK; DEVICE_PASSWORD_VERIFIER takes the signature over them. The
// SECRET_BLOCK is the step's Session itself: the exchange's state sealed, answerable once. A
// Session holds at most 2048 characters (the model's SessionType), so it keeps A and b as base64
// bytes and B is computed again from b and the device's verifier.
import { InvalidParameterException, NotAuthorizedException } from '../../../generated/cognito-idp/errors.js';
import type { Deps } from '../../context.js';
import { isSrpTimestamp, isValidSrpA, serverB, startSrp, verifyPasswordClaim } from '../../../crypto/srp.js';
import type { Client, Pool } from '../pools/store.js';
import type { User } from '../users/store.js';
import { deviceGroupKey } from '../devices/config.js';
import { markAuthenticated, requireDevice } from '../devices/store.js';
import { SESSION_INVALID, spendSession, type SessionState } from './session.js';
import { checkSignInState, INCORRECT, requireParameter } from './sign-in.js';
import { challenge, signedIn, type AuthStep } from './step.js';
import { sessionDevice } from './device.js';

const packHex = (hex: string) => Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex').toString('base64');
const unpackHex = (packed: unknown) => Buffer.from(String(packed), 'base64').toString('hex') || '0';

/** The device key the answer names must be the one the sign-in named. */
function deviceOf(state: SessionState, responses: Record<string, string> | undefined): string {
  const key = requireParameter(responses, 'DEVICE_KEY');
  if (key !== sessionDevice(state.data)) throw new NotAuthorizedException(SESSION_INVALID);
  return key;
}

export async function startDeviceSrp(
  deps: Deps,
  pool: Pool,
  client: Client,
  user: User,
  state: SessionState,
  responses: Record<string, string> | undefined,
): Promise<AuthStep> {
  const srpA = requireParameter(responses, 'SRP_A');
  const key = deviceOf(state, responses);
  // AWS's text for an SRP_A it refuses is not on record: cognate's words, as for USER_SRP_AUTH.
  if (!isValidSrpA(srpA)) throw new InvalidParameterException('Invalid SRP_A value.');
  await spendSession(deps.store.db, state, deps.now());
  checkSignInState(user, deps.now());
  const device = await requireDevice(deps.store.db, pool.id, user.sub, key);
  // A device confirmed without a verifier cannot prove itself. AWS's answer is not on record: a failed proof's.
  if (!device.verifier || !device.salt) throw new NotAuthorizedException(INCORRECT);
  const { b, B } = startSrp(device.verifier);
  const next = challenge(
    deps,
    pool,
    client,
    user,
    'DEVICE_PASSWORD_VERIFIER',
    {},
    {
      device: key,
      A: packHex(srpA),
      b: packHex(b),
    },
  );
  return {
    ...next,
    ChallengeParameters: { USERNAME: user.username, SALT: device.salt, SRP_B: B, SECRET_BLOCK: next.Session! },
  };
}

export async function answerDeviceVerifier(
  deps: Deps,
  pool: Pool,
  client: Client,
  user: User,
  state: SessionState,
  session: string,
  responses: Record<string, string> | undefined,
  ip: string | undefined,
): Promise<AuthStep> {
  const secretBlock = requireParameter(responses, 'PASSWORD_CLAIM_SECRET_BLOCK');
  const signature = requireParameter(responses, 'PASSWORD_CLAIM_SIGNATURE');
  const timestamp = requireParameter(responses, 'TIMESTAMP');
  const key = deviceOf(state, responses);
  // As for PASSWORD_VERIFIER (srp.ts): not on record, cognate's words naming the clients' form.
  if (!isSrpTimestamp(timestamp))
    throw new InvalidParameterException('TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.');
  if (secretBlock !== session) throw new NotAuthorizedException(SESSION_INVALID);
  const now = deps.now();
  await spendSession(deps.store.db, state, now);
  checkSignInState(user, now);
  const device = await requireDevice(deps.store.db, pool.id, user.sub, key);
  const A = unpackHex(state.data?.A);
  const b = unpackHex(state.data?.b);
  const proven =
    device.verifier !== null &&
    device.salt !== null &&
    verifyPasswordClaim({
      poolName: deviceGroupKey(deps.serverKey, pool.id, user.sub),
      userIdForSrp: key,
      saltHex: device.salt,
      verifierHex: device.verifier,
      A,
      b,
      B: serverB(device.verifier, b),
      secretBlock,
      timestamp,
      signature,
    });
  // AWS's text for a failed device proof is not on record: a failed password proof's.
  if (!proven) throw new NotAuthorizedException(INCORRECT);
  await markAuthenticated(deps.store.db, pool.id, key, ip, now);
  // A remembered device proven: PreTokenGeneration hears TokenGeneration_AuthenticateDevice.
  return signedIn(deps, pool, client, user, { key }, 'TokenGeneration_AuthenticateDevice');
}
