import type { FunctionConfiguration, UpdateFunctionCodeRequest } from '@aws-sdk/client-lambda';
import type { Operation } from '../../context.js';
import { scopeOf } from '../../../kernel/operation.js';
import { readPackage } from '../package.js';
import { configuration } from '../functions.js';
import { updateLatest } from '../update.js';
import { publish } from '../versions.js';

const UpdateFunctionCode: Operation<UpdateFunctionCodeRequest, FunctionConfiguration> = async (deps, ctx, input) => {
  const scope = scopeOf(ctx);
  const pkg = readPackage(input);
  const row = await updateLatest(
    deps.store.db,
    scope,
    input.FunctionName,
    input.RevisionId,
    () => ({ code: pkg.base64, code_sha256: pkg.sha256, code_size: pkg.size }),
    deps.now(),
  );
  if (input.DryRun) return configuration(row);
  return configuration(input.Publish ? await publish(deps.store, scope, row.name, undefined, undefined) : row);
};
export default UpdateFunctionCode;
