// USER_SRP_AUTH: the password never travels. InitiateAuth answers the client's SRP_A with the
// user's salt, the server's SRP_B and a SECRET_BLOCK (the server's ephemeral secret, sealed: it is
// Cognito's place for the state of this exchange, so no Session is needed); the client proves the
// password in RespondToAuthChallenge(PASSWORD_VERIFIER) with a signature over the block and a
// timestamp. A SECRET_BLOCK answers once and expires with the client's AuthSessionValidity.
import { preAuthentication } from '../triggers/authentication.js';
import { createHmac, randomUUID } from 'node:crypto';
import {
  InvalidParameterException,
  NotAuthorizedException,
  UserNotConfirmedException,
  UserNotFoundException,
} from '../../../generated/cognito-idp/errors.js';
import type { Deps } from '../../context.js';
import { seal, unseal } from '../../../crypto/seal.js';
import { isSrpTimestamp, isValidSrpA, srpPoolName, startSrp, verifyPasswordClaim } from '../../../crypto/srp.js';
import type { Client, Pool } from '../pools/store.js';
import { findUser, findUserBySub } from '../users/store.js';
import { checkSecretHash } from '../users/secret-hash.js';
import { attemptsExceeded, isLockedOut } from './lockout.js';
import { hidesUsers } from '../users/recovery.js';
import { readPoint } from '../../../store/kept.js';
import { spendSession, SESSION_EXPIRED, SESSION_INVALID } from './session.js';
import {
  afterPassword,
  checkSignInState,
  INCORRECT,
  initiateMetadata,
  passwordResetRequired,
  refuseUnknown,
  requireParameter,
  settlePassword,
} from './sign-in.js';
import type { AuthStep } from './step.js';
import { namedDevice } from './device.js';
import type { CustomState } from './custom.js';
import type { User } from '../users/store.js';

const PURPOSE = 'srp secret block';

interface Block {
  id: string;
  pool: string;
  client: string;
  /** absent for a user that does not exist (a hiding client's decoy exchange) */
  sub?: string;
  /** the name asked for, when it is no user: its lockout is counted under it */
  name?: string;
  A: string;
  b: string;
  B: string;
  expiresAt: number;
  /** InitiateAuth's DEVICE_KEY, where the answer names none */
  device?: string;
  /** a CUSTOM_AUTH sign-in whose DefineAuthChallenge asked for the password (./custom.ts) */
  custom?: CustomState;
  /** InitiateAuth's ClientMetadata, PreAuthentication's validationData when the proof arrives */
  metadata?: Record<string, string>;
}

/** A stable made-up salt and verifier for a name that is no user, so the exchange looks the same. */
function decoy(deps: Deps, pool: Pool, username: string): { salt: string; verifier: string } {
  const h = (label: string) =>
    createHmac('sha256', deps.serverKey).update(`${label}\0${pool.id}\0${username}`).digest('hex');
  return { salt: h('salt').slice(0, 32), verifier: h('verifier') + h('verifier2') };
}

export async function startSrpAuth(
  deps: Deps,
  pool: Pool,
  client: Client,
  params: Record<string, string> | undefined,
  within: { custom?: CustomState; clientMetadata?: Record<string, string> } = {},
): Promise<AuthStep> {
  const username = requireParameter(params, 'USERNAME');
  const srpA = requireParameter(params, 'SRP_A');
  checkSecretHash(client, username, params?.SECRET_HASH, 'sign-in');
  // AWS's text for an SRP_A it refuses is not on record: cognate's words.
  if (!isValidSrpA(srpA)) throw new InvalidParameterException('Invalid SRP_A value.');
  const user = await findUser(deps.store.db, pool, username);
  if (!user && client.config.PreventUserExistenceErrors !== 'ENABLED')
    throw new UserNotFoundException('User does not exist.');
  // A user without a verifier (a password set before cognate kept them) gets a decoy: the proof
  // fails as a wrong password would, until a password sign-in stores the verifier.
  const srp = user?.srp ?? decoy(deps, pool, username);
  const { b, B } = startSrp(srp.verifier);
  const block: Block = {
    id: randomUUID(),
    pool: pool.id,
    client: client.clientId,
    ...(user ? { sub: user.sub } : { name: username }),
    A: srpA,
    b,
    B,
    expiresAt: deps.now() + (client.config.AuthSessionValidity ?? 3) * 60_000,
    ...(params?.DEVICE_KEY !== undefined ? { device: params.DEVICE_KEY } : {}),
    ...(within.custom ? { custom: within.custom } : {}),
    ...(within.clientMetadata ? { metadata: within.clientMetadata } : {}),
  };
  const name = user?.username ?? username;
  return {
    ChallengeName: 'PASSWORD_VERIFIER',
    ChallengeParameters: {
      SALT: srp.salt,
      SECRET_BLOCK: seal(deps.serverKey, PURPOSE, JSON.stringify(block)),
      SRP_B: B,
      USERNAME: name,
      USER_ID_FOR_SRP: name,
    },
  };
}

export async function answerPasswordVerifier(
  deps: Deps,
  pool: Pool,
  client: Client,
  responses: Record<string, string> | undefined,
  /** where a CUSTOM_AUTH sign-in goes on once the password is proven */
  resumeCustom?: (user: User, custom: CustomState) => Promise<AuthStep>,
): Promise<AuthStep> {
  const secretBlock = requireParameter(responses, 'PASSWORD_CLAIM_SECRET_BLOCK');
  const signature = requireParameter(responses, 'PASSWORD_CLAIM_SIGNATURE');
  const timestamp = requireParameter(responses, 'TIMESTAMP');
  const username = requireParameter(responses, 'USERNAME');
  checkSecretHash(client, username, responses?.SECRET_HASH, 'sign-in');
  // AWS's text for a TIMESTAMP it cannot read is not on record: cognate's words, naming the form
  // the clients write (amazon-cognito-identity-js's DateHelper).
  if (!isSrpTimestamp(timestamp))
    throw new InvalidParameterException('TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.');
  const text = unseal(deps.serverKey, PURPOSE, secretBlock);
  if (text === undefined) throw new NotAuthorizedException(SESSION_INVALID);
  const block = JSON.parse(text) as Block;
  const now = deps.now();
  if (block.pool !== pool.id || block.client !== client.clientId) throw new NotAuthorizedException(SESSION_INVALID);
  if (block.expiresAt <= now) throw new NotAuthorizedException(SESSION_EXPIRED);
  const readAt = readPoint(deps.store.db);
  const user = block.sub ? await findUserBySub(deps.store.db, pool.id, block.sub) : undefined;
  if (!user) {
    // In a user's order: the lockout, then the block is spent, then the proof fails.
    if (block.name !== undefined)
      return refuseUnknown(deps, pool, block.name, () => spendSession(deps.store.db, block, now));
    await spendSession(deps.store.db, block, now); // deleted since the first step
    throw new NotAuthorizedException(INCORRECT);
  }
  // As with a password (sign-in.ts): a hiding client proves the password before telling anything.
  const hide = hidesUsers(client);
  if (user.status === 'UNCONFIRMED' && !hide) throw new UserNotConfirmedException('User is not confirmed.');
  if (user.status === 'RESET_REQUIRED' && !hide) throw passwordResetRequired();
  if (isLockedOut(user, now)) throw attemptsExceeded();
  // A device the user no longer has is refused before the block is spent: clients answer again
  // with the same block and no DEVICE_KEY (amazon-cognito-identity-js, on "Device does not exist.").
  const deviceKey = responses?.DEVICE_KEY ?? block.device;
  await namedDevice(deps, pool, user, deviceKey);
  // A custom sign-in ran PreAuthentication when it began.
  if (!block.custom) await preAuthentication(deps, pool, client, user, initiateMetadata(block.metadata));
  await spendSession(deps.store.db, block, now);
  const proven =
    user.srp !== null &&
    verifyPasswordClaim({
      poolName: srpPoolName(pool.id),
      userIdForSrp: user.username,
      saltHex: user.srp.salt,
      verifierHex: user.srp.verifier,
      A: block.A,
      b: block.b,
      B: block.B,
      secretBlock,
      timestamp,
      signature,
    });
  await settlePassword(deps, user, proven, readAt);
  if (user.status === 'UNCONFIRMED') throw new UserNotConfirmedException('User is not confirmed.');
  checkSignInState(user, now);
  if (block.custom && resumeCustom) return resumeCustom(user, block.custom);
  return afterPassword(deps, pool, client, user, deviceKey);
}
