import type {
  ListResourceServersRequest,
  ListResourceServersResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf, pagePosition } from '../caller.js';
import { getPool } from '../pools/store.js';
import { listResourceServers, resourceServerType, resourceServersScope } from '../resource-servers/store.js';

/** In identifier order; MaxResults 1–50 (the model), 50 when not sent. */
const ListResourceServers: Operation<ListResourceServersRequest, ListResourceServersResponse> = async (
  deps,
  ctx,
  input,
) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const after = pagePosition(input.NextToken, resourceServersScope(pool.id), 1, ctx.requestId)?.[0];
  const page = await listResourceServers(deps.store.db, pool.id, after, input.MaxResults ?? 50);
  return { ResourceServers: page.items.map(resourceServerType), ...(page.next ? { NextToken: page.next } : {}) };
};
export default ListResourceServers;
