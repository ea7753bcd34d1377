// Invoking a function version of this server: resolved from its name or ARN, run by the warm
// workers of deps.functions.
import type { Scope } from '../../kernel/caller.js';
import type { Deps } from '../context.js';
import type { InvokeResult } from '../../functions/runner.js';
import { ServiceException } from '../../generated/lambda/errors.js';
import { functionArn, type FunctionRef } from './names.js';
import { findVersionToRun, imageOf, resolveFunction } from './functions.js';

export interface Invoked extends InvokeResult {
  executedVersion: string;
}

export async function invokeFunction(
  deps: Deps,
  scope: Scope,
  ref: FunctionRef,
  payload: string,
  opts: { clientContext?: unknown; callerTimeoutMs?: number } = {},
): Promise<Invoked> {
  const { row } = await resolveFunction(deps.store.db, scope, ref, findVersionToRun);
  if (!deps.functions) throw new ServiceException('This server runs no functions.');
  const result = await deps.functions.invoke(imageOf(deps.store.db, row), {
    invokedArn: functionArn(scope, ref.name, ref.qualifier),
    payload,
    ...opts,
  });
  return { ...result, executedVersion: row.version };
}
