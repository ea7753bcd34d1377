import type { GetUICustomizationRequest, GetUICustomizationResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getClient, getPool } from '../pools/store.js';
import { ALL_CLIENTS, uiCustomizationFor, uiCustomizationType } from '../branding/ui-customization.js';

// The client's own customization, else the pool's (ClientId ALL), else an empty UICustomization:
// "Returns an empty object if you haven't applied hosted UI branding to either the client or the
// user pool" (API reference), which Terraform reads as "not found".
const GetUICustomization: Operation<GetUICustomizationRequest, GetUICustomizationResponse> = async (
  deps,
  ctx,
  input,
) => {
  const db = deps.store.db;
  const pool = await getPool(db, callerOf(ctx), input.UserPoolId);
  if (input.ClientId !== undefined && input.ClientId !== ALL_CLIENTS) await getClient(db, pool.id, input.ClientId);
  const row = await uiCustomizationFor(db, pool.id, input.ClientId);
  return { UICustomization: row ? uiCustomizationType(deps.publicUrl, row) : {} };
};
export default GetUICustomization;
