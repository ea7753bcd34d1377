import type { FunctionConfiguration, UpdateFunctionConfigurationRequest } from '@aws-sdk/client-lambda';
import type { Operation } from '../../context.js';
import { scopeOf } from '../../../kernel/operation.js';
import { checkRuntime } from '../package.js';
import { configuration } from '../functions.js';
import { updateLatest } from '../update.js';
import { checkEnvironment, extraOf } from '../settings.js';

const UpdateFunctionConfiguration: Operation<UpdateFunctionConfigurationRequest, FunctionConfiguration> = async (
  deps,
  ctx,
  input,
) => {
  const scope = scopeOf(ctx);
  const row = await updateLatest(
    deps.store.db,
    scope,
    input.FunctionName,
    input.RevisionId,
    (r) => ({
      ...(input.Runtime ? { runtime: checkRuntime(input.Runtime) } : {}),
      ...(input.Handler ? { handler: input.Handler } : {}),
      ...(input.Role ? { role: input.Role } : {}),
      ...(input.Description !== undefined ? { description: input.Description } : {}),
      ...(input.Timeout !== undefined ? { timeout: input.Timeout } : {}),
      ...(input.MemorySize !== undefined ? { memory_size: input.MemorySize } : {}),
      ...(input.Environment
        ? { environment: JSON.stringify(checkEnvironment(input.Environment.Variables ?? {})) }
        : {}),
      extra: JSON.stringify(extraOf(input as Record<string, unknown>, JSON.parse(r.extra))),
    }),
    deps.now(),
  );
  return configuration(row);
};
export default UpdateFunctionConfiguration;
