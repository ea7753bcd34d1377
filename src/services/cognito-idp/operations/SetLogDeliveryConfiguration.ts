import type {
  SetLogDeliveryConfigurationRequest,
  SetLogDeliveryConfigurationResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { checkLogConfigurations, logDeliveryView, saveLogConfigurations } from '../pools/log-delivery.js';
import { getPool } from '../pools/store.js';

/** Replaces the pool's log configurations with the ones given (an empty list removes them). */
const SetLogDeliveryConfiguration: Operation<
  SetLogDeliveryConfigurationRequest,
  SetLogDeliveryConfigurationResponse
> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  await checkLogConfigurations(deps.store.db, pool, input.LogConfigurations);
  return deps.store.tx(async (trx) => {
    await saveLogConfigurations(trx, pool.id, input.LogConfigurations);
    return { LogDeliveryConfiguration: await logDeliveryView(trx, pool.id) };
  });
};
export default SetLogDeliveryConfiguration;
