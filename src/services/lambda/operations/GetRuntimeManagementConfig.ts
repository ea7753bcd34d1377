import type { GetRuntimeManagementConfigRequest, GetRuntimeManagementConfigResponse } from '@aws-sdk/client-lambda';
import type { Operation } from '../../context.js';
import { scopeOf } from '../../../kernel/operation.js';
import { functionArn, parseFunctionName } from '../names.js';
import { resolveFunction } from '../functions.js';

const GetRuntimeManagementConfig: Operation<
  GetRuntimeManagementConfigRequest,
  GetRuntimeManagementConfigResponse
> = async (deps, ctx, input) => {
  const scope = scopeOf(ctx);
  const ref = parseFunctionName(scope, input.FunctionName, input.Qualifier);
  await resolveFunction(deps.store.db, scope, ref);
  return { UpdateRuntimeOn: 'Auto', FunctionArn: functionArn(scope, ref.name, ref.qualifier) };
};
export default GetRuntimeManagementConfig;
