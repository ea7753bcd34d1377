import type { DescribeUserPoolRequest, DescribeUserPoolResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { countUsers, describePool, getPool } from '../pools/store.js';
import { smsConfigurationFailure } from '../pools/sms-config.js';
import { domainsOfPool } from '../domains/store.js';

const DescribeUserPool: Operation<DescribeUserPoolRequest, DescribeUserPoolResponse> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const smsFailure = await smsConfigurationFailure(deps, pool);
  const domains = await domainsOfPool(deps.store.db, pool.id);
  const prefix = domains.find((d) => d.kind === 'prefix')?.domain;
  const custom = domains.find((d) => d.kind === 'custom')?.domain;
  return {
    UserPool: {
      ...describePool(pool, await countUsers(deps.store.db, pool.id)),
      ...(smsFailure ? { SmsConfigurationFailure: smsFailure } : {}),
      ...(prefix ? { Domain: prefix } : {}),
      ...(custom ? { CustomDomain: custom } : {}),
    },
  };
};
export default DescribeUserPool;
