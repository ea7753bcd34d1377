import type { UpdateUserPoolRequest, UpdateUserPoolResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { checkSignInPolicy } from '../pools/sign-in-policy.js';
import { checkTier, tierAtLeast, tierOf, unavailableInTier } from '../pools/tier.js';
import { checkMessagingConfig, updateConfig } from '../pools/config.js';
import { getPool, updatePool } from '../pools/store.js';

const UpdateUserPool: Operation<UpdateUserPoolRequest, UpdateUserPoolResponse> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const config = updateConfig(pool.config, input);
  checkTier(config);
  checkSignInPolicy(config);
  // A plan below Plus cannot keep exporting user activity logs (pools/log-delivery.ts).
  if (
    !tierAtLeast(config, 'PLUS') &&
    (await deps.store.db
      .selectFrom('user_pool_log_configurations')
      .select('pool_id')
      .where('pool_id', '=', pool.id)
      .where('event_source', '=', 'userAuthEvents')
      .executeTakeFirst())
  )
    throw unavailableInTier(tierOf(config), ['User Activity Logging']);
  await checkMessagingConfig(deps, pool, config, pool.config);
  await updatePool(deps.store.db, pool, { config, name: input.PoolName }, deps.now());
  return {};
};
export default UpdateUserPool;
