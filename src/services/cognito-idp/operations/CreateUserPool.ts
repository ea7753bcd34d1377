import type { CreateUserPoolRequest, CreateUserPoolResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { checkSignInPolicy } from '../pools/sign-in-policy.js';
import { checkTier } from '../pools/tier.js';
import { newUserPoolId } from '../../../crypto/ids.js';
import { checkMessagingConfig, createConfig } from '../pools/config.js';
import { describePool, type Pool } from '../pools/store.js';

const CreateUserPool: Operation<CreateUserPoolRequest, CreateUserPoolResponse> = async (deps, ctx, input) => {
  const caller = callerOf(ctx);
  const now = deps.now();
  const pool: Pool = {
    id: newUserPoolId(caller.region),
    account: caller.account,
    region: caller.region,
    name: input.PoolName,
    config: createConfig(input),
    createdAt: now,
    updatedAt: now,
  };
  checkTier(pool.config);
  checkSignInPolicy(pool.config);
  await checkMessagingConfig(deps, pool, pool.config);
  await deps.store.db
    .insertInto('user_pools')
    .values({
      id: pool.id,
      account: pool.account,
      region: pool.region,
      name: pool.name,
      config: JSON.stringify(pool.config),
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { UserPool: describePool(pool, 0) };
};
export default CreateUserPool;
