import type {
  DescribeManagedLoginBrandingByClientRequest,
  DescribeManagedLoginBrandingByClientResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { ResourceNotFoundException } from '../../../generated/cognito-idp/errors.js';
import { callerOf } from '../caller.js';
import { getClient, getPool } from '../pools/store.js';
import { brandingOfClient, brandingType } from '../branding/managed-login.js';

const DescribeManagedLoginBrandingByClient: Operation<
  DescribeManagedLoginBrandingByClientRequest,
  DescribeManagedLoginBrandingByClientResponse
> = async (deps, ctx, input) => {
  const db = deps.store.db;
  const pool = await getPool(db, callerOf(ctx), input.UserPoolId);
  const client = await getClient(db, pool.id, input.ClientId);
  const row = await brandingOfClient(db, pool.id, client.clientId);
  // Terraform reads this refusal as "this client has no style". AWS's text is not on record: cognate's.
  if (!row) throw new ResourceNotFoundException(`App client ${client.clientId} has no managed login branding style.`);
  return { ManagedLoginBranding: brandingType(row, !!input.ReturnMergedResources) };
};
export default DescribeManagedLoginBrandingByClient;
