import type { ListUserPoolsRequest, ListUserPoolsResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf, pagePosition, pageToken } from '../caller.js';

const ListUserPools: Operation<ListUserPoolsRequest, ListUserPoolsResponse> = async (deps, ctx, input) => {
  const caller = callerOf(ctx);
  const scope = `pools ${caller.account} ${caller.region}`;
  const after = pagePosition(input.NextToken, scope, 1, ctx.requestId)?.[0];
  const limit = input.MaxResults;
  let q = deps.store.db
    .selectFrom('user_pools')
    .select(['id', 'name', 'config', 'created_at', 'updated_at'])
    .where('account', '=', caller.account)
    .where('region', '=', caller.region);
  if (after !== undefined) q = q.where('id', '>', after);
  const rows = await q
    .orderBy('id')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  return {
    UserPools: page.map((r) => ({
      Id: r.id,
      Name: r.name,
      LambdaConfig: JSON.parse(r.config).LambdaConfig ?? {},
      LastModifiedDate: new Date(r.updated_at),
      CreationDate: new Date(r.created_at),
    })),
    ...(rows.length > limit ? { NextToken: pageToken(scope, [page[page.length - 1].id]) } : {}),
  };
};
export default ListUserPools;
