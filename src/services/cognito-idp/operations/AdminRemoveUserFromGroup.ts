import type { AdminRemoveUserFromGroupRequest } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { requireUser } from '../users/store.js';
import { getGroup, removeMember } from '../groups/store.js';

/** Removing a user who is not a member succeeds, as adding one twice does. */
const AdminRemoveUserFromGroup: Operation<AdminRemoveUserFromGroupRequest, void> = async (deps, ctx, input) => {
  const db = deps.store.db;
  const pool = await getPool(db, callerOf(ctx), input.UserPoolId);
  const group = await getGroup(db, pool.id, input.GroupName);
  const user = await requireUser(db, pool, input.Username);
  await removeMember(db, pool.id, group.name, user.sub);
};
export default AdminRemoveUserFromGroup;
