import type {
  UpdateManagedLoginBrandingRequest,
  UpdateManagedLoginBrandingResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { InvalidParameterException } from '../../../generated/cognito-idp/errors.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import {
  brandingType,
  checkDefaultsAlone,
  checkSettings,
  getBranding,
  mergeAssets,
  mergeSettings,
  type Settings,
  type StoredAsset,
  storedAssets,
} from '../branding/managed-login.js';

// The model marks no member of this request required, yet there is nothing to update without the
// pool and the style: refused in the validator's words, as a missing required member is.
const missing = (member: string) =>
  new InvalidParameterException(
    `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
  );

const UpdateManagedLoginBranding: Operation<
  UpdateManagedLoginBrandingRequest,
  UpdateManagedLoginBrandingResponse
> = async (deps, ctx, input) => {
  if (input.UserPoolId === undefined) throw missing('userPoolId');
  if (input.ManagedLoginBrandingId === undefined) throw missing('managedLoginBrandingId');
  const db = deps.store.db;
  const pool = await getPool(db, callerOf(ctx), input.UserPoolId);
  checkDefaultsAlone(input.UseCognitoProvidedValues, input.Settings, input.Assets);
  const update = input.Settings === undefined ? undefined : checkSettings(input.Settings);
  const newAssets = input.Assets === undefined ? undefined : storedAssets(input.Assets);
  const row = await getBranding(db, pool.id, input.ManagedLoginBrandingId);
  let settings = row.settings === null ? undefined : (JSON.parse(row.settings) as Settings);
  let assets = JSON.parse(row.assets) as StoredAsset[];
  let useDefaults = row.cognito_defaults === 1;
  if (input.UseCognitoProvidedValues) {
    // Back to Cognito's default style: nothing customized remains.
    [settings, assets, useDefaults] = [undefined, [], true];
  } else {
    if (update !== undefined) settings = mergeSettings(settings ?? {}, update);
    if (newAssets !== undefined) assets = mergeAssets(assets, newAssets);
    if (update !== undefined || newAssets !== undefined || input.UseCognitoProvidedValues === false)
      useDefaults = false;
  }
  const changed = {
    cognito_defaults: useDefaults ? 1 : 0,
    settings: settings === undefined ? null : JSON.stringify(settings),
    assets: JSON.stringify(assets),
    updated_at: deps.now(),
  };
  await db
    .updateTable('managed_login_brandings')
    .set(changed)
    .where('pool_id', '=', pool.id)
    .where('id', '=', row.id)
    .execute();
  return { ManagedLoginBranding: brandingType({ ...row, ...changed }, false) };
};
export default UpdateManagedLoginBranding;
