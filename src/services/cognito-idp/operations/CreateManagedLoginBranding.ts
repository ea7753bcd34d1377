import type {
  CreateManagedLoginBrandingRequest,
  CreateManagedLoginBrandingResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { ManagedLoginBrandingExistsException } from '../../../generated/cognito-idp/errors.js';
import { UniqueViolation } from '../../../store/errors.js';
import { callerOf } from '../caller.js';
import { getClient, getPool } from '../pools/store.js';
import {
  brandingType,
  checkDefaultsAlone,
  checkSettings,
  newBrandingRow,
  storedAssets,
} from '../branding/managed-login.js';

const CreateManagedLoginBranding: Operation<
  CreateManagedLoginBrandingRequest,
  CreateManagedLoginBrandingResponse
> = async (deps, ctx, input) => {
  const db = deps.store.db;
  const pool = await getPool(db, callerOf(ctx), input.UserPoolId);
  const client = await getClient(db, pool.id, input.ClientId);
  checkDefaultsAlone(input.UseCognitoProvidedValues, input.Settings, input.Assets);
  const settings = input.Settings === undefined ? undefined : checkSettings(input.Settings);
  const assets = storedAssets(input.Assets ?? []);
  const row = newBrandingRow(pool.id, client.clientId, !!input.UseCognitoProvidedValues, settings, assets, deps.now());
  // One style per app client; the unique key settles a race. AWS's text is not on record: cognate's.
  const exists = () =>
    new ManagedLoginBrandingExistsException(
      `App client ${client.clientId} already has a managed login branding style.`,
    );
  try {
    await deps.store.tx(async (trx) => {
      await trx.insertInto('managed_login_brandings').values(row).execute();
    });
  } catch (e) {
    if (e instanceof UniqueViolation) throw exists();
    throw e;
  }
  return { ManagedLoginBranding: brandingType(row, false) };
};
export default CreateManagedLoginBranding;
