import type { DescribeUserPoolRequest } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { countUsers, describePool, getPool } from '../pools/store.js';

const DescribeUserPool: Operation<DescribeUserPoolRequest> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId!);
  return { UserPool: describePool(pool, await countUsers(deps.store.db, pool.id)) };
};
export default DescribeUserPool;
