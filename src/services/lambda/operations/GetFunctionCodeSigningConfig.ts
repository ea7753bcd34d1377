import type { GetFunctionCodeSigningConfigRequest, GetFunctionCodeSigningConfigResponse } from '@aws-sdk/client-lambda';
import type { Operation } from '../../context.js';
import { scopeOf } from '../../../kernel/operation.js';
import { parseFunctionName } from '../names.js';
import { resolveFunction } from '../functions.js';

// No code signing: the function's name and no config (what Terraform reads after creating a function).
const GetFunctionCodeSigningConfig: Operation<
  GetFunctionCodeSigningConfigRequest,
  GetFunctionCodeSigningConfigResponse
> = async (deps, ctx, input) => {
  const scope = scopeOf(ctx);
  const { row } = await resolveFunction(deps.store.db, scope, parseFunctionName(scope, input.FunctionName));
  return { FunctionName: row.name, CodeSigningConfigArn: '' };
};
export default GetFunctionCodeSigningConfig;
