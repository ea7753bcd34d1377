import type {
  SetRiskConfigurationRequest,
  SetRiskConfigurationResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getClient, getPool } from '../pools/store.js';
import { describeRisk, putRiskSettings, settle } from '../risk/config.js';

const SetRiskConfiguration: Operation<SetRiskConfigurationRequest, SetRiskConfigurationResponse> = async (
  deps,
  ctx,
  input,
) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  if (input.ClientId !== undefined) await getClient(deps.store.db, pool.id, input.ClientId);
  const settings = await settle(deps, pool, input);
  await putRiskSettings(deps.store.db, pool.id, input.ClientId, settings, deps.now());
  return { RiskConfiguration: await describeRisk(deps.store.db, pool.id, input.ClientId) };
};
export default SetRiskConfiguration;
