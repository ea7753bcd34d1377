import type {
  AdminListGroupsForUserRequest,
  AdminListGroupsForUserResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf, pagePosition } from '../caller.js';
import { getPool } from '../pools/store.js';
import { requireUser } from '../users/store.js';
import { groupType, groupsOfUserScope, listGroupsOfUser, pageLimit } from '../groups/store.js';

const AdminListGroupsForUser: Operation<AdminListGroupsForUserRequest, AdminListGroupsForUserResponse> = async (
  deps,
  ctx,
  input,
) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const user = await requireUser(deps.store.db, pool, input.Username);
  const after = pagePosition(input.NextToken, groupsOfUserScope(pool.id, user.sub), 1, ctx.requestId)?.[0];
  const page = await listGroupsOfUser(deps.store.db, pool.id, user.sub, after, pageLimit(input.Limit));
  return { Groups: page.items.map(groupType), ...(page.next ? { NextToken: page.next } : {}) };
};
export default AdminListGroupsForUser;
