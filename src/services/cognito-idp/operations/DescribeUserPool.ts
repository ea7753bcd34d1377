import type { DescribeUserPoolRequest, DescribeUserPoolResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { countUsers, describePool, getPool } from '../pools/store.js';
import { smsConfigurationFailure } from '../pools/sms-config.js';

const DescribeUserPool: Operation<DescribeUserPoolRequest, DescribeUserPoolResponse> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const smsFailure = await smsConfigurationFailure(deps, pool);
  return {
    UserPool: {
      ...describePool(pool, await countUsers(deps.store.db, pool.id)),
      ...(smsFailure ? { SmsConfigurationFailure: smsFailure } : {}),
    },
  };
};
export default DescribeUserPool;
