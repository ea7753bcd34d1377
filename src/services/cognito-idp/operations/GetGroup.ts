import type { GetGroupRequest, GetGroupResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { getGroup, groupType } from '../groups/store.js';

const GetGroup: Operation<GetGroupRequest, GetGroupResponse> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  return { Group: groupType(await getGroup(deps.store.db, pool.id, input.GroupName)) };
};
export default GetGroup;
