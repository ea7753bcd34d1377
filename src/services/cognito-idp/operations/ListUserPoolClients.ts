import type {
  ListUserPoolClientsRequest,
  ListUserPoolClientsResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf, pagePosition, pageToken } from '../caller.js';
import { getPool } from '../pools/store.js';

const ListUserPoolClients: Operation<ListUserPoolClientsRequest, ListUserPoolClientsResponse> = async (
  deps,
  ctx,
  input,
) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const limit = input.MaxResults ?? 60;
  const scope = `clients ${pool.id}`;
  const after = pagePosition(input.NextToken, scope, 1, ctx.requestId)?.[0];
  let q = deps.store.db.selectFrom('user_pool_clients').select(['client_id', 'name']).where('pool_id', '=', pool.id);
  if (after !== undefined) q = q.where('client_id', '>', after);
  const rows = await q
    .orderBy('client_id')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  return {
    UserPoolClients: page.map((r) => ({ ClientId: r.client_id, UserPoolId: pool.id, ClientName: r.name })),
    ...(rows.length > limit ? { NextToken: pageToken(scope, [page[page.length - 1].client_id]) } : {}),
  };
};
export default ListUserPoolClients;
