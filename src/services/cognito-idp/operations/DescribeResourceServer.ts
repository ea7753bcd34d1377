import type {
  DescribeResourceServerRequest,
  DescribeResourceServerResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { getResourceServer, resourceServerType } from '../resource-servers/store.js';

const DescribeResourceServer: Operation<DescribeResourceServerRequest, DescribeResourceServerResponse> = async (
  deps,
  ctx,
  input,
) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  return { ResourceServer: resourceServerType(await getResourceServer(deps.store.db, pool.id, input.Identifier)) };
};
export default DescribeResourceServer;
