import type { GetFunctionRequest, GetFunctionResponse } from '@aws-sdk/client-lambda';
import type { Operation } from '../../context.js';
import { scopeOf } from '../../../kernel/operation.js';
import { parseFunctionName } from '../names.js';
import { configuration, findVersion, resolveFunction } from '../functions.js';

const GetFunction: Operation<GetFunctionRequest, GetFunctionResponse> = async (deps, ctx, input) => {
  const scope = scopeOf(ctx);
  const ref = parseFunctionName(scope, input.FunctionName, input.Qualifier);
  const { row } = await resolveFunction(deps.store.db, scope, ref);
  const latest = row.version === '$LATEST' ? row : await findVersion(deps.store.db, scope, row.name, '$LATEST');
  const tags = JSON.parse(latest?.tags ?? '{}') as Record<string, string>;
  return {
    Configuration: configuration(row),
    // Lambda answers a pre-signed S3 URL; cognate has no S3, so the package's location is cognate's.
    Code: {
      RepositoryType: 'S3',
      Location: `${deps.publicUrl}/_cognate/lambda/code/${encodeURIComponent(row.code_sha256)}`,
    },
    ...(Object.keys(tags).length ? { Tags: tags } : {}),
  };
};
export default GetFunction;
