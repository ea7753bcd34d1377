import type { AdminListGroupsForUserRequest } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { requireUser } from '../users/store.js';
import { groupType, groupsOfUserScope, listGroupsOfUser, pageLimit, positionOf } from '../groups/store.js';

const AdminListGroupsForUser: Operation<AdminListGroupsForUserRequest> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId!);
  const user = await requireUser(deps.store.db, pool, input.Username!);
  const after = positionOf(input.NextToken, groupsOfUserScope(pool.id, user.sub), ctx.requestId);
  const page = await listGroupsOfUser(deps.store.db, pool.id, user.sub, after, pageLimit(input.Limit));
  return { Groups: page.items.map(groupType), ...(page.next ? { NextToken: page.next } : {}) };
};
export default AdminListGroupsForUser;
