import type { DeleteGroupRequest } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { deleteGroup } from '../groups/store.js';

const DeleteGroup: Operation<DeleteGroupRequest, void> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  await deps.store.tx((trx) => deleteGroup(trx, pool.id, input.GroupName));
};
export default DeleteGroup;
