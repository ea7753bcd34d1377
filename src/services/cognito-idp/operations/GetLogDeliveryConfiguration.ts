import type {
  GetLogDeliveryConfigurationRequest,
  GetLogDeliveryConfigurationResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { logDeliveryView } from '../pools/log-delivery.js';
import { getPool } from '../pools/store.js';

const GetLogDeliveryConfiguration: Operation<
  GetLogDeliveryConfigurationRequest,
  GetLogDeliveryConfigurationResponse
> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  return { LogDeliveryConfiguration: await logDeliveryView(deps.store.db, pool.id) };
};
export default GetLogDeliveryConfiguration;
