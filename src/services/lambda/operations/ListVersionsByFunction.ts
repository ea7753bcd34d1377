import type { ListVersionsByFunctionRequest, ListVersionsByFunctionResponse } from '@aws-sdk/client-lambda';
import type { Operation } from '../../context.js';
import { scopeOf } from '../../../kernel/operation.js';
import { parseFunctionName } from '../names.js';
import { configuration, findVersion, notFound } from '../functions.js';

const ListVersionsByFunction: Operation<ListVersionsByFunctionRequest, ListVersionsByFunctionResponse> = async (
  deps,
  ctx,
  input,
) => {
  const scope = scopeOf(ctx);
  const { name } = parseFunctionName(scope, input.FunctionName);
  if (!(await findVersion(deps.store.db, scope, name, '$LATEST'))) throw notFound(scope, name);
  const rows = await deps.store.db
    .selectFrom('lambda_functions')
    .selectAll()
    .where('account', '=', scope.account)
    .where('region', '=', scope.region)
    .where('name', '=', name)
    .execute();
  const order = (v: string) => (v === '$LATEST' ? 0 : Number(v));
  rows.sort((a, b) => order(a.version) - order(b.version));
  const start = input.Marker ? Number(input.Marker) : 0;
  const limit = Math.min(input.MaxItems ?? 50, 50);
  const page = rows.slice(start, start + limit);
  return {
    Versions: page.map(configuration),
    ...(start + limit < rows.length ? { NextMarker: String(start + limit) } : {}),
  };
};
export default ListVersionsByFunction;
