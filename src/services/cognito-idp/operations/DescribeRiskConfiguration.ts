import type {
  DescribeRiskConfigurationRequest,
  DescribeRiskConfigurationResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getClient, getPool } from '../pools/store.js';
import { describeRisk } from '../risk/config.js';

const DescribeRiskConfiguration: Operation<
  DescribeRiskConfigurationRequest,
  DescribeRiskConfigurationResponse
> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  if (input.ClientId !== undefined) await getClient(deps.store.db, pool.id, input.ClientId);
  return { RiskConfiguration: await describeRisk(deps.store.db, pool.id, input.ClientId) };
};
export default DescribeRiskConfiguration;
