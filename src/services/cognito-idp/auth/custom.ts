// CUSTOM_AUTH (developer guide, "Custom authentication challenge Lambda triggers"): a loop of
// DefineAuthChallenge → CreateAuthChallenge → the client's answer (RespondToAuthChallenge
// CUSTOM_CHALLENGE with USERNAME and ANSWER) → VerifyAuthChallengeResponse → DefineAuthChallenge
// again, until Define issues tokens or fails the sign-in. The answered challenges (Define's
// `session`) and the private parameters of the open challenge travel in the sealed Session, as
// every other challenge's state does (./session.ts): never shown to the client. With SRP_A in
// InitiateAuth (amazon-cognito-identity-js's authenticateUser and Amplify's CUSTOM_WITH_SRP send
// CHALLENGE_NAME SRP_A), the first `session` entry is SRP_A, and Define may ask for
// PASSWORD_VERIFIER: the SRP exchange of ./srp.ts, whose proof becomes the next entry.
import type { ChallengeNameType } from '@aws-sdk/client-cognito-identity-provider';
import {
  InvalidLambdaResponseException,
  NotAuthorizedException,
  UnexpectedLambdaException,
  UserNotConfirmedException,
  UserNotFoundException,
} from '../../../generated/cognito-idp/errors.js';
import type { Deps } from '../../context.js';
import type { Client, Pool } from '../pools/store.js';
import { findUser, findUserBySub } from '../users/store.js';
import { checkSecretHash } from '../users/secret-hash.js';
import { hidesUsers } from '../users/recovery.js';
import { preAuthentication } from '../triggers/authentication.js';
import {
  createAuthChallenge,
  defineAuthChallenge,
  NOT_CONFIGURED,
  verifyAuthChallengeResponse,
  type ChallengeResult,
  type CustomCall,
  type Who,
} from '../triggers/auth-challenge.js';
import { sealSession, spendSession, SESSION_INVALID, type SessionState } from './session.js';
import { checkSignInState, INCORRECT, initiateMetadata, passwordResetRequired, requireParameter } from './sign-in.js';
import { signedIn, type AuthStep } from './step.js';
import { startSrpAuth } from './srp.js';

/** Where a custom sign-in is between steps: sealed in the Session (or the SRP secret block). */
export interface CustomState {
  history: ChallengeResult[];
  /** the name given, when it is no user (userNotFound) */
  name?: string;
  private?: Record<string, string>;
  metadata?: string;
}

const nameOf = (who: Who) => ('user' in who ? who.user.username : who.name);

export async function startCustomAuth(
  deps: Deps,
  pool: Pool,
  client: Client,
  params: Record<string, string> | undefined,
  clientMetadata: Record<string, string> | undefined,
): Promise<AuthStep> {
  const username = requireParameter(params, 'USERNAME');
  checkSecretHash(client, username, params?.SECRET_HASH, 'sign-in');
  if (!pool.config.LambdaConfig?.DefineAuthChallenge) throw new UnexpectedLambdaException(NOT_CONFIGURED);
  const user = await findUser(deps.store.db, pool, username);
  const hide = hidesUsers(client);
  if (!user && !hide) throw new UserNotFoundException('User does not exist.');
  if (user) {
    if (user.status === 'UNCONFIRMED' && !hide) throw new UserNotConfirmedException('User is not confirmed.');
    if (user.status === 'RESET_REQUIRED') throw passwordResetRequired();
    checkSignInState(user, deps.now());
    await preAuthentication(deps, pool, client, user, initiateMetadata(clientMetadata));
  }
  const who: Who = user ? { user } : { name: username };
  // InitiateAuth's ClientMetadata reaches only PreSignUp, PreAuthentication and UserMigration (its
  // API reference); the challenge triggers get RespondToAuthChallenge's.
  const call: CustomCall = { pool, client, who };
  const srpA = params?.SRP_A;
  const history: ChallengeResult[] = srpA !== undefined ? [{ challengeName: 'SRP_A', challengeResult: true }] : [];
  return nextStep(deps, call, history, srpA);
}

/** Asks Define what comes after `history`, and opens that step. `srpA`: only before the first step. */
export async function nextStep(
  deps: Deps,
  call: CustomCall,
  history: ChallengeResult[],
  srpA?: string,
): Promise<AuthStep> {
  const { pool, client, who } = call;
  const next = await defineAuthChallenge(deps, call, history);
  // Failing, or answering neither tokens nor a challenge, is a refused sign-in: recorded for
  // failAuthentication (aws-amplify/amplify-js#8145); for an empty answer not on record.
  if (next.failAuthentication) throw new NotAuthorizedException(INCORRECT);
  if (next.issueTokens) {
    if (!('user' in who)) throw new NotAuthorizedException(INCORRECT);
    // A hiding client's unconfirmed user hears it only now, past the challenges, as with a password.
    if (who.user.status === 'UNCONFIRMED') throw new UserNotConfirmedException('User is not confirmed.');
    return signedIn(deps, pool, client, who.user);
  }
  const name = next.challengeName;
  if (name === 'PASSWORD_VERIFIER' && srpA !== undefined) {
    const custom: CustomState = { history, ...(!('user' in who) ? { name: who.name } : {}) };
    return startSrpAuth(deps, pool, client, { USERNAME: nameOf(who), SRP_A: srpA }, { custom });
  }
  if (name !== 'CUSTOM_CHALLENGE') {
    if (!name) throw new NotAuthorizedException(INCORRECT);
    // Not on record: cognate's words, in InvalidLambdaResponseException's recorded form.
    throw new InvalidLambdaResponseException(`Invalid lambda function output : Invalid challenge name ${name}`);
  }
  const made = await createAuthChallenge(deps, call, name, history);
  const state: CustomState = {
    history,
    private: made.privateParameters,
    ...(made.metadata !== undefined ? { metadata: made.metadata } : {}),
    ...(!('user' in who) ? { name: who.name } : {}),
  };
  const Session = sealSession(deps.serverKey, {
    pool: pool.id,
    client: client.clientId,
    sub: 'user' in who ? who.user.sub : '',
    challenge: name,
    expiresAt: deps.now() + (client.config.AuthSessionValidity ?? 3) * 60_000,
    data: { custom: state },
  });
  return {
    ChallengeName: name as ChallengeNameType,
    Session,
    // The client answers with this USERNAME (amazon-cognito-identity-js, Amplify v6 read it).
    ChallengeParameters: { ...made.publicParameters, USERNAME: nameOf(who) },
  };
}

/** RespondToAuthChallenge CUSTOM_CHALLENGE: Verify the ANSWER, then ask Define again. */
export async function answerCustomChallenge(
  deps: Deps,
  pool: Pool,
  client: Client,
  state: SessionState,
  responses: Record<string, string> | undefined,
  clientMetadata: Record<string, string> | undefined,
): Promise<AuthStep> {
  const custom = state.data?.custom as CustomState | undefined;
  if (!custom) throw new NotAuthorizedException(SESSION_INVALID);
  const username = requireParameter(responses, 'USERNAME');
  checkSecretHash(client, username, responses?.SECRET_HASH, 'sign-in');
  const answer = requireParameter(responses, 'ANSWER');
  await spendSession(deps.store.db, state, deps.now());
  const who = await whoOf(deps, pool, state.sub, custom);
  const call: CustomCall = { pool, client, who, ...(clientMetadata ? { clientMetadata } : {}) };
  const correct = await verifyAuthChallengeResponse(deps, call, custom.private ?? {}, answer);
  const history = [
    ...custom.history,
    {
      challengeName: 'CUSTOM_CHALLENGE',
      challengeResult: correct,
      ...(custom.metadata !== undefined ? { challengeMetadata: custom.metadata } : {}),
    },
  ];
  return nextStep(deps, call, history);
}

/** The user a custom sign-in is about, read again: a user deleted meanwhile ends it. */
export async function whoOf(deps: Deps, pool: Pool, sub: string | undefined, custom: CustomState): Promise<Who> {
  if (custom.name !== undefined) return { name: custom.name };
  const user = sub ? await findUserBySub(deps.store.db, pool.id, sub) : undefined;
  if (!user) throw new NotAuthorizedException(SESSION_INVALID);
  checkSignInState(user, deps.now());
  return { user };
}
