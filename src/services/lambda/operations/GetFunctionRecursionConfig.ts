import type { GetFunctionRecursionConfigRequest, GetFunctionRecursionConfigResponse } from '@aws-sdk/client-lambda';
import type { Operation } from '../../context.js';
import { scopeOf } from '../../../kernel/operation.js';
import { parseFunctionName } from '../names.js';
import { resolveFunction } from '../functions.js';

const GetFunctionRecursionConfig: Operation<
  GetFunctionRecursionConfigRequest,
  GetFunctionRecursionConfigResponse
> = async (deps, ctx, input) => {
  const scope = scopeOf(ctx);
  await resolveFunction(deps.store.db, scope, parseFunctionName(scope, input.FunctionName));
  return { RecursiveLoop: 'Terminate' };
};
export default GetFunctionRecursionConfig;
