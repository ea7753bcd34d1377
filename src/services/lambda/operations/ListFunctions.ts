import type { ListFunctionsRequest, ListFunctionsResponse } from '@aws-sdk/client-lambda';
import type { Operation } from '../../context.js';
import { scopeOf } from '../../../kernel/operation.js';
import { configuration } from '../functions.js';

// Lambda pages by function name; the marker is the last name of the previous page.
const ListFunctions: Operation<ListFunctionsRequest, ListFunctionsResponse> = async (deps, ctx, input) => {
  const scope = scopeOf(ctx);
  const limit = Math.min(input.MaxItems ?? 50, 50);
  let q = deps.store.db
    .selectFrom('lambda_functions')
    .selectAll()
    .where('account', '=', scope.account)
    .where('region', '=', scope.region);
  if (input.FunctionVersion !== 'ALL') q = q.where('version', '=', '$LATEST');
  if (input.Marker) q = q.where('name', '>', Buffer.from(input.Marker, 'base64url').toString('utf8'));
  const rows = await q
    .orderBy('name')
    .orderBy('version')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const more = rows.length > limit;
  return {
    Functions: page.map(configuration),
    ...(more ? { NextMarker: Buffer.from(page.at(-1)!.name).toString('base64url') } : {}),
  };
};
export default ListFunctions;
