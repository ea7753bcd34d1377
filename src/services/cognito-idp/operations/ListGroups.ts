import type { ListGroupsRequest, ListGroupsResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf, pagePosition } from '../caller.js';
import { getPool } from '../pools/store.js';
import { groupType, groupsScope, listGroups, pageLimit } from '../groups/store.js';

const ListGroups: Operation<ListGroupsRequest, ListGroupsResponse> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const after = pagePosition(input.NextToken, groupsScope(pool.id), 1, ctx.requestId)?.[0];
  const page = await listGroups(deps.store.db, pool.id, after, pageLimit(input.Limit));
  return { Groups: page.items.map(groupType), ...(page.next ? { NextToken: page.next } : {}) };
};
export default ListGroups;
