import type { CreateGroupRequest, CreateGroupResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { checkPrecedence, groupType, insertGroup, type Group } from '../groups/store.js';

const CreateGroup: Operation<CreateGroupRequest, CreateGroupResponse> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  checkPrecedence(input.Precedence);
  const now = deps.now();
  const group: Group = {
    poolId: pool.id,
    name: input.GroupName,
    description: input.Description ?? null,
    roleArn: input.RoleArn ?? null,
    precedence: input.Precedence ?? null,
    createdAt: now,
    updatedAt: now,
  };
  await deps.store.tx((trx) => insertGroup(trx, group));
  return { Group: groupType(group) };
};
export default CreateGroup;
