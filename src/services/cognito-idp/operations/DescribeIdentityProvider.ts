import type {
  DescribeIdentityProviderRequest,
  DescribeIdentityProviderResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { identityProviderType, requireProvider } from '../idps/store.js';

const DescribeIdentityProvider: Operation<DescribeIdentityProviderRequest, DescribeIdentityProviderResponse> = async (
  deps,
  ctx,
  input,
) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  return { IdentityProvider: identityProviderType(await requireProvider(deps.store.db, pool.id, input.ProviderName)) };
};
export default DescribeIdentityProvider;
