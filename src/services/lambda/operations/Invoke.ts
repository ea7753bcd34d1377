import type { InvocationRequest, InvocationResponse } from '@aws-sdk/client-lambda';
import type { Operation } from '../../context.js';
import { scopeOf } from '../../../kernel/operation.js';
import { InvalidRequestContentException } from '../../../generated/lambda/errors.js';
import { parseFunctionName } from '../names.js';
import { resolveFunction } from '../functions.js';
import { invokeFunction } from '../invoke.js';

const Invoke: Operation<InvocationRequest, InvocationResponse> = async (deps, ctx, input) => {
  const scope = scopeOf(ctx);
  const ref = parseFunctionName(scope, input.FunctionName, input.Qualifier);
  const raw = input.Payload === undefined ? '' : Buffer.from(input.Payload as Uint8Array).toString('utf8');
  const payload = raw.trim() === '' ? '{}' : raw;
  try {
    JSON.parse(payload);
  } catch (e) {
    // Lambda's text for a payload that is not JSON (InvalidRequestContentException).
    throw new InvalidRequestContentException(
      `Could not parse request body into json: Could not parse payload into json: ${(e as Error).message}`,
    );
  }
  let clientContext: unknown;
  if (input.ClientContext) {
    try {
      clientContext = JSON.parse(Buffer.from(input.ClientContext, 'base64').toString('utf8'));
    } catch {
      throw new InvalidRequestContentException('Client context must be a valid Base64-encoded JSON object.');
    }
  }
  const type = input.InvocationType ?? 'RequestResponse';
  if (type === 'DryRun') {
    await resolveFunction(deps.store.db, scope, ref);
    return { StatusCode: 204 };
  }
  if (type === 'Event') {
    const { row } = await resolveFunction(deps.store.db, scope, ref);
    invokeFunction(deps, scope, ref, payload, { clientContext }).catch((e) =>
      ctx.log.warn({ err: e }, 'asynchronous invocation failed'),
    );
    return { StatusCode: 202, ExecutedVersion: row.version };
  }
  const result = await invokeFunction(deps, scope, ref, payload, { clientContext });
  const tail = Buffer.from(result.log, 'utf8');
  return {
    StatusCode: 200,
    Payload: Buffer.from(result.payload, 'utf8'),
    ExecutedVersion: result.executedVersion,
    ...(result.functionError ? { FunctionError: result.functionError } : {}),
    // the last 4 KB of the invocation's log, base64 (Invoke API reference)
    ...(input.LogType === 'Tail'
      ? { LogResult: tail.subarray(Math.max(0, tail.length - 4096)).toString('base64') }
      : {}),
  };
};
export default Invoke;
