import type { UpdateGroupRequest, UpdateGroupResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { checkPrecedence, groupType, updateGroup } from '../groups/store.js';

// Unlike UpdateUserPool and UpdateUserPoolClient, members left out keep their values: the API
// reference says it "updates any of the properties for precedence, IAM role, or description".
const UpdateGroup: Operation<UpdateGroupRequest, UpdateGroupResponse> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  checkPrecedence(input.Precedence);
  const settings = { description: input.Description, roleArn: input.RoleArn, precedence: input.Precedence };
  const group = await deps.store.tx((trx) => updateGroup(trx, pool.id, input.GroupName, settings, deps.now()));
  return { Group: groupType(group) };
};
export default UpdateGroup;
