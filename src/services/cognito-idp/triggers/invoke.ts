// Invoking a user pool's trigger as Cognito does: the event envelope (version, region, userPoolId,
// userName, callerContext, triggerSource, request, response), the function's resource policy
// checked for cognito-idp.amazonaws.com with the pool's ARN and account, at most 5 seconds
// (Cognito's limit, whatever the function's own timeout), and Cognito's exceptions:
// - the handler failed (threw, crashed, timed out on its own): UserLambdaValidationException
//   "<Trigger> failed with error <message>." (developer guide, "Customizing user pool workflows
//   with Lambda triggers", and many users' reports);
// - Cognito could not call it (no permission, no function, its 5 s passed): UnexpectedLambdaException
//   "<Trigger> invocation failed due to error <cause>." (AccessDeniedException,
//   "Socket timeout while invoking Lambda function": furaiev/amazon-cognito-identity-dart-2#204,
//   anomalyco/sst#1815, awslabs/service-workbench-on-aws#1136);
// - what came back is not JSON: InvalidLambdaResponseException "Invalid lambda function output :
//   Invalid JSON"; JSON that is not an event: "Unrecognizable lambda output" (aws/aws-sdk-js#2692,
//   amazon-archives/amazon-cognito-identity-js#167).
// Never called inside a store transaction: a call leaves the process and may take seconds.
import {
  InvalidLambdaResponseException,
  UnexpectedLambdaException,
  UserLambdaValidationException,
} from '../../../generated/cognito-idp/errors.js';
import type { Deps } from '../../context.js';
import { poolArn, type Pool } from '../pools/store.js';
import { parseFunctionName } from '../../lambda/names.js';
import { mayInvoke } from '../../lambda/policy.js';
import { invokeFunction } from '../../lambda/invoke.js';
import { AwsError } from '../../../kernel/errors.js';
import { triggerArn, type Trigger } from './sources.js';
import { recordInvocation } from './trace.js';
import { invokeRemote } from './remote.js';

/** Cognito waits 5 seconds for a trigger (developer guide, "Lambda triggers": "...times out after 5 seconds"). */
export const COGNITO_TIMEOUT_MS = 5000;

/** For admin operations there is no app client: Cognito sends this (developer guide's event examples). */
export const NO_CLIENT = 'CLIENT_ID_NOT_APPLICABLE';

export interface TriggerCall {
  source: string;
  userName: string;
  clientId?: string;
  request: Record<string, unknown>;
  response?: Record<string, unknown>;
  version?: string;
}

/** The event as the handler receives it. */
export function envelope(pool: Pool, call: TriggerCall): Record<string, unknown> {
  return {
    version: call.version ?? '1',
    region: pool.region,
    userPoolId: pool.id,
    userName: call.userName,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: call.clientId ?? NO_CLIENT },
    triggerSource: call.source,
    request: call.request,
    response: call.response ?? {},
  };
}

/**
 * Runs the pool's `trigger`, if it has one, and returns the `response` of the event the handler
 * gave back (undefined when the pool has no such trigger). Throws Cognito's exception otherwise;
 * every call is traced.
 */
export async function runTrigger(
  deps: Deps,
  pool: Pool,
  trigger: Trigger,
  call: TriggerCall,
): Promise<Record<string, unknown> | undefined> {
  const arn = triggerArn(pool, trigger);
  if (!arn) return undefined;
  const started = performance.now();
  let error: AwsError | undefined;
  try {
    const payload = await call1(deps, pool, trigger, arn, JSON.stringify(envelope(pool, call)));
    return readResponse(payload);
  } catch (e) {
    if (e instanceof AwsError) error = e;
    throw e;
  } finally {
    // Not awaited: the trace is written with other calls' rows, after this answer.
    void recordInvocation(
      deps.store.db,
      pool.id,
      {
        trigger,
        source: call.source,
        functionArn: arn,
        durationMs: performance.now() - started,
        ...(error ? { error: { code: error.code, message: error.message } } : {}),
      },
      deps.now(),
    ).catch((e) => deps.log.warn({ err: e }, 'trigger invocation not traced'));
  }
}

const unexpected = (trigger: Trigger, cause: string) =>
  new UnexpectedLambdaException(`${trigger} invocation failed due to error ${cause}.`);

/** The payload the function returned, or Cognito's exception for why there is none. */
async function call1(deps: Deps, pool: Pool, trigger: Trigger, arn: string, event: string): Promise<string> {
  if (deps.config.lambdaEndpoint) {
    const r = await invokeRemote(deps.config.lambdaEndpoint, arn, event, COGNITO_TIMEOUT_MS);
    if (r.timedOut) throw unexpected(trigger, 'Socket timeout while invoking Lambda function');
    if (r.failure) throw unexpected(trigger, r.failure);
    if (r.functionError) throw handlerFailed(trigger, r.payload);
    return r.payload;
  }
  const scope = { account: pool.account, region: pool.region };
  let ref: ReturnType<typeof parseFunctionName>;
  try {
    ref = parseFunctionName(scope, arn);
  } catch {
    throw unexpected(trigger, 'AccessDeniedException');
  }
  const { decision } = await mayInvoke(
    deps.store.db,
    scope,
    ref.name,
    ref.qualifier,
    { type: 'Service', id: 'cognito-idp.amazonaws.com' },
    { 'aws:SourceArn': poolArn(pool), 'aws:SourceAccount': pool.account },
  );
  if (!decision.allowed) throw unexpected(trigger, 'AccessDeniedException');
  let result: Awaited<ReturnType<typeof invokeFunction>>;
  try {
    result = await invokeFunction(deps, scope, ref, event, { callerTimeoutMs: COGNITO_TIMEOUT_MS });
  } catch (e) {
    if (e instanceof AwsError) throw unexpected(trigger, e.code);
    throw e;
  }
  if (result.callerTimedOut) throw unexpected(trigger, 'Socket timeout while invoking Lambda function');
  if (result.functionError) throw handlerFailed(trigger, result.payload);
  return result.payload;
}

/** Whether `e` is one of the exceptions a trigger's call ends in (above), not a fault of cognate's. */
export const isTriggerFailure = (
  e: unknown,
): e is UserLambdaValidationException | UnexpectedLambdaException | InvalidLambdaResponseException =>
  e instanceof UserLambdaValidationException ||
  e instanceof UnexpectedLambdaException ||
  e instanceof InvalidLambdaResponseException;

function handlerFailed(trigger: Trigger, payload: string): UserLambdaValidationException {
  let message = payload;
  try {
    const e = JSON.parse(payload) as { errorMessage?: unknown };
    if (typeof e?.errorMessage === 'string') message = e.errorMessage;
  } catch {
    /* the payload as it is */
  }
  return new UserLambdaValidationException(`${trigger} failed with error ${message}.`);
}

function readResponse(payload: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    throw new InvalidLambdaResponseException('Invalid lambda function output : Invalid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InvalidLambdaResponseException('Unrecognizable lambda output');
  const response = (value as { response?: unknown }).response;
  if (response !== undefined && (typeof response !== 'object' || Array.isArray(response)))
    throw new InvalidLambdaResponseException('Unrecognizable lambda output');
  return (response ?? {}) as Record<string, unknown>;
}
