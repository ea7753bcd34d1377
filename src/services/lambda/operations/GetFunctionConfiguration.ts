import type { FunctionConfiguration, GetFunctionConfigurationRequest } from '@aws-sdk/client-lambda';
import type { Operation } from '../../context.js';
import { scopeOf } from '../../../kernel/operation.js';
import { parseFunctionName } from '../names.js';
import { configuration, resolveFunction } from '../functions.js';

const GetFunctionConfiguration: Operation<GetFunctionConfigurationRequest, FunctionConfiguration> = async (
  deps,
  ctx,
  input,
) => {
  const scope = scopeOf(ctx);
  const { row } = await resolveFunction(
    deps.store.db,
    scope,
    parseFunctionName(scope, input.FunctionName, input.Qualifier),
  );
  return configuration(row);
};
export default GetFunctionConfiguration;
