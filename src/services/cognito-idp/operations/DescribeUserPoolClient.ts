import type {
  DescribeUserPoolClientRequest,
  DescribeUserPoolClientResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { describeClient, getClient, getPool } from '../pools/store.js';

const DescribeUserPoolClient: Operation<DescribeUserPoolClientRequest, DescribeUserPoolClientResponse> = async (
  deps,
  ctx,
  input,
) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  return { UserPoolClient: describeClient(await getClient(deps.store.db, pool.id, input.ClientId)) };
};
export default DescribeUserPoolClient;
