import type { ListAliasesRequest, ListAliasesResponse } from '@aws-sdk/client-lambda';
import type { Operation } from '../../context.js';
import { scopeOf } from '../../../kernel/operation.js';
import { parseFunctionName } from '../names.js';
import { findVersion, notFound } from '../functions.js';
import { aliasConfiguration } from '../aliases.js';

const ListAliases: Operation<ListAliasesRequest, ListAliasesResponse> = async (deps, ctx, input) => {
  const scope = scopeOf(ctx);
  const { name } = parseFunctionName(scope, input.FunctionName);
  if (!(await findVersion(deps.store.db, scope, name, '$LATEST'))) throw notFound(scope, name);
  let q = deps.store.db
    .selectFrom('lambda_aliases')
    .selectAll()
    .where('account', '=', scope.account)
    .where('region', '=', scope.region)
    .where('function_name', '=', name);
  if (input.FunctionVersion) q = q.where('function_version', '=', input.FunctionVersion);
  if (input.Marker) q = q.where('name', '>', input.Marker);
  const limit = Math.min(input.MaxItems ?? 50, 50);
  const rows = await q
    .orderBy('name')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  return { Aliases: page.map(aliasConfiguration), ...(rows.length > limit ? { NextMarker: page.at(-1)!.name } : {}) };
};
export default ListAliases;
