import type {
  DescribeManagedLoginBrandingRequest,
  DescribeManagedLoginBrandingResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { brandingType, getBranding } from '../branding/managed-login.js';

const DescribeManagedLoginBranding: Operation<
  DescribeManagedLoginBrandingRequest,
  DescribeManagedLoginBrandingResponse
> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const row = await getBranding(deps.store.db, pool.id, input.ManagedLoginBrandingId);
  return { ManagedLoginBranding: brandingType(row, !!input.ReturnMergedResources) };
};
export default DescribeManagedLoginBranding;
