import type { GetFunctionConcurrencyRequest, GetFunctionConcurrencyResponse } from '@aws-sdk/client-lambda';
import type { Operation } from '../../context.js';
import { scopeOf } from '../../../kernel/operation.js';
import { parseFunctionName } from '../names.js';
import { resolveFunction } from '../functions.js';

// No reserved concurrency is kept: the answer of a function without one.
const GetFunctionConcurrency: Operation<GetFunctionConcurrencyRequest, GetFunctionConcurrencyResponse> = async (
  deps,
  ctx,
  input,
) => {
  const scope = scopeOf(ctx);
  await resolveFunction(deps.store.db, scope, parseFunctionName(scope, input.FunctionName));
  return {};
};
export default GetFunctionConcurrency;
