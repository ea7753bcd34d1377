import type { FunctionConfiguration, PublishVersionRequest } from '@aws-sdk/client-lambda';
import type { Operation } from '../../context.js';
import { scopeOf } from '../../../kernel/operation.js';
import { parseFunctionName } from '../names.js';
import { configuration } from '../functions.js';
import { publish } from '../versions.js';

const PublishVersion: Operation<PublishVersionRequest, FunctionConfiguration> = async (deps, ctx, input) => {
  const scope = scopeOf(ctx);
  const { name } = parseFunctionName(scope, input.FunctionName);
  return configuration(await publish(deps.store, scope, name, input.Description, input.CodeSha256, input.RevisionId));
};
export default PublishVersion;
