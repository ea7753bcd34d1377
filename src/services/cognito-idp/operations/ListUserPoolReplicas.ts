import type {
  ListUserPoolReplicasRequest,
  ListUserPoolReplicasResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf, pagePosition, pageToken } from '../caller.js';
import { primaryView, replicaView } from '../pools/replicas.js';
import { getPool } from '../pools/store.js';

// The request has no page size: a page holds this many (cognate's choice).
const PAGE = 60;

/** The primary first, then the replicas by Region. */
const ListUserPoolReplicas: Operation<ListUserPoolReplicasRequest, ListUserPoolReplicasResponse> = async (
  deps,
  ctx,
  input,
) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const list = `ListUserPoolReplicas:${pool.id}`;
  const after = pagePosition(input.NextToken, list, 1, ctx.requestId);
  let q = deps.store.db
    .selectFrom('user_pool_replicas')
    .select(['region', 'status'])
    .where('pool_id', '=', pool.id)
    .orderBy('region')
    .limit(PAGE + 1);
  if (after) q = q.where('region', '>', after[0]);
  const rows = await q.execute();
  const page = rows.slice(0, after ? PAGE : PAGE - 1);
  return {
    UserPoolReplicas: [...(after ? [] : [primaryView(pool)]), ...page.map((r) => replicaView(pool, r))],
    ...(rows.length > page.length ? { NextToken: pageToken(list, [page[page.length - 1].region]) } : {}),
  };
};
export default ListUserPoolReplicas;
