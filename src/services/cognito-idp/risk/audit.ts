// Sign-in as threat protection sees it: the event each password check, challenge answer and
// refusal leaves (ChallengeResponses Password/Mfa with Success/Failure; EventResponse InProgress
// while a challenge is open, then Pass or Fail), and, in ENFORCED mode, the always-block IP ranges
// of the risk configuration that applies (the client's, else the pool's). A pool with the mode OFF
// runs the sign-in as it is: no read, no write.
import type {
  ChallengeResponseType,
  ContextDataType,
  UserContextDataType,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  CodeMismatchException,
  ExpiredCodeException,
  NotAuthorizedException,
} from '../../../generated/cognito-idp/errors.js';
import type { Deps } from '../../context.js';
import type { Client, Pool } from '../pools/store.js';
import { findUser } from '../users/store.js';
import type { AuthStep } from '../auth/step.js';
import { openSession } from '../auth/session.js';
import { effectiveRisk, inRanges } from './config.js';
import { continueSignIn, eventContext, recordEvent } from './events.js';
import { withSignInEvent } from './sign-in-event.js';
import { recordsEvents, securityMode } from './mode.js';

/**
 * AWS's text when an always-block range stops a sign-in ("Request not allowed due to security
 * reasons.", noted by an app's error handling as "seen when manually blocking an IP address",
 * found by code search).
 */
export const BLOCKED = 'Request not allowed due to security reasons.';

type Context = ContextDataType | UserContextDataType | undefined;

const MFA_CHALLENGES = new Set(['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP']);

/** Whether a refusal is the password's (a wrong one, or the lockout it led to). */
const passwordRefused = (e: unknown) =>
  e instanceof NotAuthorizedException &&
  (e.message === 'Incorrect username or password.' || e.message === 'Password attempts exceeded');

const outcome = (step: AuthStep) => (step.AuthenticationResult ? 'Pass' : 'InProgress');

/** What a sign-in runs: given the dependencies it is to use (they may carry its event's writer). */
export type SignInRun = (deps: Deps) => Promise<AuthStep>;

/**
 * A sign-in that proves a password now (USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, the SRP
 * proof of PASSWORD_VERIFIER). Other flows (the start of SRP, a refresh) run as they are. One that
 * ends with tokens writes its event in the transaction of its refresh token (sign-in-event.ts); one
 * that ends otherwise has its event written here, the user looked up only then.
 */
export async function auditPasswordSignIn(
  deps: Deps,
  requestId: string,
  pool: Pool,
  client: Client,
  username: string | undefined,
  data: Context,
  run: SignInRun,
): Promise<AuthStep> {
  if (!recordsEvents(pool) || username === undefined) return run(deps);
  const context = eventContext(data);
  const userNamed = () => findUser(deps.store.db, pool, username);
  if (securityMode(pool) === 'ENFORCED' && context?.IpAddress) {
    const risk = await effectiveRisk(deps.store.db, pool.id, client.clientId);
    if (inRanges(context.IpAddress, risk?.RiskExceptionConfiguration?.BlockedIPRangeList)) {
      const user = await userNamed();
      if (user)
        await recordEvent(deps, deps.store.db, pool, user, {
          type: 'SignIn',
          response: 'Fail',
          context,
          clientId: client.clientId,
          requestId,
          risk: { RiskDecision: 'Block', CompromisedCredentialsDetected: false },
        });
      throw new NotAuthorizedException(BLOCKED);
    }
  }
  const event = (response: 'Pass' | 'Fail' | 'InProgress', result: 'Success' | 'Failure') => ({
    type: 'SignIn' as const,
    response,
    challenges: [{ ChallengeName: 'Password', ChallengeResponse: result }] as ChallengeResponseType[],
    context,
    clientId: client.clientId,
    requestId,
  });
  const scoped = withSignInEvent(deps, (trx, user) => recordEvent(deps, trx, pool, user, event('Pass', 'Success')));
  try {
    const step = await run(scoped.deps);
    if (!scoped.slot.written && step.ChallengeName !== 'PASSWORD_VERIFIER') {
      const user = await userNamed();
      if (user) await recordEvent(deps, deps.store.db, pool, user, event(outcome(step), 'Success'));
    }
    return step;
  } catch (e) {
    if (passwordRefused(e)) {
      const user = await userNamed();
      if (user) await recordEvent(deps, deps.store.db, pool, user, event('Fail', 'Failure'));
    }
    throw e;
  }
}

/** An answer to a challenge opened by an earlier step: the sign-in's event gains its result. */
export async function auditChallenge(
  deps: Deps,
  requestId: string,
  pool: Pool,
  client: Client,
  name: string,
  session: string | undefined,
  responses: Record<string, string> | undefined,
  data: Context,
  run: SignInRun,
): Promise<AuthStep> {
  if (!recordsEvents(pool)) return run(deps);
  if (name === 'PASSWORD_VERIFIER')
    return auditPasswordSignIn(deps, requestId, pool, client, responses?.USERNAME, data, run);
  let sub: string | undefined;
  try {
    sub = session === undefined ? undefined : openSession(deps.serverKey, session, deps.now()).sub;
  } catch {
    // not a session of ours: the sign-in itself refuses it
  }
  if (!sub) return run(deps);
  const mfa = MFA_CHALLENGES.has(name);
  const request = { clientId: client.clientId, requestId };
  const added = (r: 'Success' | 'Failure'): ChallengeResponseType | undefined =>
    mfa ? { ChallengeName: 'Mfa', ChallengeResponse: r } : undefined;
  const scoped = withSignInEvent(deps, (trx) =>
    continueSignIn(deps, pool, sub, added('Success'), 'Pass', request, trx),
  );
  try {
    const step = await run(scoped.deps);
    if (!scoped.slot.written) await continueSignIn(deps, pool, sub, added('Success'), outcome(step), request);
    return step;
  } catch (e) {
    if (mfa && (e instanceof CodeMismatchException || e instanceof ExpiredCodeException || passwordRefused(e)))
      await continueSignIn(deps, pool, sub, added('Failure'), 'Fail', request);
    throw e;
  }
}

/** The user a sign-in request names, where its flow checks a password (or starts SRP); none for a refresh. */
export function signInName(input: { AuthFlow: string; AuthParameters?: Record<string, string> }): string | undefined {
  if (input.AuthFlow.startsWith('REFRESH_TOKEN')) return undefined;
  // USER_AUTH checks a password in this request only when it is the preferred challenge and given.
  if (
    input.AuthFlow === 'USER_AUTH' &&
    (input.AuthParameters?.PREFERRED_CHALLENGE !== 'PASSWORD' || input.AuthParameters.PASSWORD === undefined)
  )
    return undefined;
  return input.AuthParameters?.USERNAME;
}
