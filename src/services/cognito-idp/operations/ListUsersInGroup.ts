import type { ListUsersInGroupRequest, ListUsersInGroupResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf, pagePosition } from '../caller.js';
import { getPool } from '../pools/store.js';
import { userType, viewOf } from '../users/store.js';
import { getGroup, listMembers, membersScope, pageLimit } from '../groups/store.js';

const ListUsersInGroup: Operation<ListUsersInGroupRequest, ListUsersInGroupResponse> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const group = await getGroup(deps.store.db, pool.id, input.GroupName);
  const after = pagePosition(input.NextToken, membersScope(pool.id, group.name), 1, ctx.requestId)?.[0];
  const page = await listMembers(deps.store.db, pool.id, group.name, after, pageLimit(input.Limit));
  return { Users: page.items.map((r) => userType(viewOf(r))), ...(page.next ? { NextToken: page.next } : {}) };
};
export default ListUsersInGroup;
