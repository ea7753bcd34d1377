import type { UpdateUserPoolRequest, UpdateUserPoolResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { checkMessagingConfig, updateConfig } from '../pools/config.js';
import { getPool, updatePool } from '../pools/store.js';

const UpdateUserPool: Operation<UpdateUserPoolRequest, UpdateUserPoolResponse> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const config = updateConfig(pool.config, input);
  await checkMessagingConfig(deps, pool, config, pool.config);
  await updatePool(deps.store.db, pool, { config, name: input.PoolName }, deps.now());
  return {};
};
export default UpdateUserPool;
