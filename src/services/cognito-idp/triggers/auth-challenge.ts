// The three triggers of CUSTOM_AUTH (developer guide, "Custom authentication challenge Lambda
// triggers"): DefineAuthChallenge decides the next step from the challenges answered so far (the
// `session`), CreateAuthChallenge makes a challenge (public parameters for the client, private
// ones for the check), VerifyAuthChallengeResponse checks an answer. The flow itself is
// ../auth/custom.ts. For a name that is no user (only from a client with PreventUserExistenceErrors)
// the handlers see `userNotFound: true` and no attributes, as Cognito sends them.
import { InvalidLambdaResponseException, UnexpectedLambdaException } from '../../../generated/cognito-idp/errors.js';
import type { Deps } from '../../context.js';
import type { Client, Pool } from '../pools/store.js';
import type { User } from '../users/store.js';
import { attributesOf } from './authentication.js';
import { runTrigger } from './invoke.js';
import type { Trigger } from './sources.js';

/** One answered challenge, as the `session` list of the events holds it. */
export interface ChallengeResult {
  challengeName: string;
  challengeResult: boolean;
  challengeMetadata?: string;
}

/** Who is signing in: a user, or the name given when it is none (userNotFound). */
export type Who = { user: User } | { name: string };

export interface CustomCall {
  pool: Pool;
  client: Client;
  who: Who;
  clientMetadata?: Record<string, string>;
}

/**
 * What Cognito answers when CUSTOM_AUTH is used without its triggers: recorded for a pool without
 * DefineAuthChallenge (aws-amplify/amplify-js#4300, "null invocation failed due to configuration.").
 */
export const NOT_CONFIGURED = 'null invocation failed due to configuration.';

async function run(
  deps: Deps,
  call: CustomCall,
  trigger: Trigger,
  request: Record<string, unknown>,
  response: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const { pool, client, who } = call;
  const answer = await runTrigger(deps, pool, trigger, {
    source: `${trigger}_Authentication`,
    userName: 'user' in who ? who.user.username : who.name,
    clientId: client.clientId,
    request: {
      userAttributes: 'user' in who ? attributesOf(who.user) : {},
      ...request,
      userNotFound: !('user' in who),
      ...(call.clientMetadata ? { clientMetadata: call.clientMetadata } : {}),
    },
    response,
  });
  if (!answer) throw new UnexpectedLambdaException(NOT_CONFIGURED);
  return answer;
}

const stringMap = (v: unknown): Record<string, string> => {
  if (v === undefined || v === null) return {};
  // Not on record: cognate's words, in InvalidLambdaResponseException's recorded form.
  if (typeof v !== 'object' || Array.isArray(v))
    throw new InvalidLambdaResponseException('Invalid lambda function output : Invalid challenge parameters');
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === 'string' ? x : JSON.stringify(x)]));
};

export async function defineAuthChallenge(
  deps: Deps,
  call: CustomCall,
  session: ChallengeResult[],
): Promise<{ challengeName?: string; issueTokens: boolean; failAuthentication: boolean }> {
  const r = await run(
    deps,
    call,
    'DefineAuthChallenge',
    { session },
    { challengeName: null, issueTokens: null, failAuthentication: null },
  );
  return {
    ...(typeof r.challengeName === 'string' && r.challengeName ? { challengeName: r.challengeName } : {}),
    issueTokens: r.issueTokens === true,
    failAuthentication: r.failAuthentication === true,
  };
}

export async function createAuthChallenge(
  deps: Deps,
  call: CustomCall,
  challengeName: string,
  session: ChallengeResult[],
): Promise<{ publicParameters: Record<string, string>; privateParameters: Record<string, string>; metadata?: string }> {
  const r = await run(
    deps,
    call,
    'CreateAuthChallenge',
    { challengeName, session },
    { publicChallengeParameters: null, privateChallengeParameters: null, challengeMetadata: null },
  );
  return {
    publicParameters: stringMap(r.publicChallengeParameters),
    privateParameters: stringMap(r.privateChallengeParameters),
    ...(typeof r.challengeMetadata === 'string' ? { metadata: r.challengeMetadata } : {}),
  };
}

export async function verifyAuthChallengeResponse(
  deps: Deps,
  call: CustomCall,
  privateChallengeParameters: Record<string, string>,
  challengeAnswer: string,
): Promise<boolean> {
  const r = await run(
    deps,
    call,
    'VerifyAuthChallengeResponse',
    { privateChallengeParameters, challengeAnswer },
    { answerCorrect: null },
  );
  return r.answerCorrect === true;
}
