// Managed login branding styles: one per app client (ManagedLoginBrandingExistsException for a
// second), a Settings document and image Assets. What AWS's documentation and Terraform's
// acceptance tests (terraform-provider-aws, managed_login_branding.go) show:
//  - UseCognitoProvidedValues true applies Cognito's default style "and [you] must also omit values
//    for Settings and Assets in the request" (API reference);
//  - an update "preserves existing style settings that you don't specify": Settings are merged into
//    the stored ones, and an asset replaces the one of the same Category and ColorMode, else is added;
//  - Describe answers only what was customized, unless ReturnMergedResources asks for the defaults
//    as well. Cognito's default style document is not published: cognate's merged answer is the
//    customized settings alone (docs/branding.md).
// AWS validates Settings against a schema it does not publish; cognate takes any JSON object.
// The texts of the refusals below are not on record: cognate's words.
import { randomUUID } from 'node:crypto';
import type { AssetType, ManagedLoginBrandingType } from '@aws-sdk/client-cognito-identity-provider';
import { InvalidParameterException, ResourceNotFoundException } from '../../../generated/cognito-idp/errors.js';
import type { Db } from '../../../store/store.js';
import type { ManagedLoginBrandingRow } from '../../../store/tables/cognito-idp-branding.js';

/** AssetBytesType's maximum in the model (the validator leaves blob lengths to the operations). */
export const MAX_ASSET_BYTES = 1_000_000;

/** An asset as stored: the wire's members, Bytes in base64. */
export interface StoredAsset {
  Category: string;
  ColorMode: string;
  Extension: string;
  Bytes?: string;
  ResourceId?: string;
}

export type Settings = Record<string, unknown>;

export const noSuchBranding = (id: string) =>
  new ResourceNotFoundException(`Managed login branding ${id} does not exist.`);

export function checkSettings(settings: unknown): Settings {
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings))
    throw new InvalidParameterException('Settings must be a JSON object.');
  return settings as Settings;
}

export function checkDefaultsAlone(useDefaults: boolean | undefined, settings: unknown, assets: unknown): void {
  if (useDefaults && (settings !== undefined || assets !== undefined))
    throw new InvalidParameterException(
      'When UseCognitoProvidedValues is true, the request must not include Settings or Assets.',
    );
}

/** The request's assets as stored; one per Category and ColorMode. */
export function storedAssets(assets: AssetType[]): StoredAsset[] {
  const seen = new Set<string>();
  return assets.map((a) => {
    const key = `${a.Category} ${a.ColorMode}`;
    if (seen.has(key))
      throw new InvalidParameterException(
        `Assets holds more than one ${a.Category} asset for ColorMode ${a.ColorMode}.`,
      );
    seen.add(key);
    // The validator leaves blobs as the base64 text they travel as.
    const bytes = a.Bytes as unknown as string | undefined;
    if (bytes !== undefined && Buffer.byteLength(bytes, 'base64') > MAX_ASSET_BYTES)
      throw new InvalidParameterException(`The ${a.Category} asset is larger than ${MAX_ASSET_BYTES} bytes.`);
    return {
      Category: a.Category!,
      ColorMode: a.ColorMode!,
      Extension: a.Extension!,
      ...(bytes !== undefined ? { Bytes: bytes } : {}),
      ...(a.ResourceId !== undefined ? { ResourceId: a.ResourceId } : {}),
    };
  });
}

/** `update` merged into `base`: objects member by member, anything else replaced. */
export function mergeSettings(base: Settings, update: Settings): Settings {
  const out: Settings = { ...base };
  for (const [k, v] of Object.entries(update)) {
    const b = out[k];
    const bothObjects = [b, v].every((x) => typeof x === 'object' && x !== null && !Array.isArray(x));
    out[k] = bothObjects ? mergeSettings(b as Settings, v as Settings) : v;
  }
  return out;
}

export function mergeAssets(base: StoredAsset[], update: StoredAsset[]): StoredAsset[] {
  const key = (a: StoredAsset) => `${a.Category} ${a.ColorMode}`;
  const replaced = new Set(update.map(key));
  return [...base.filter((a) => !replaced.has(key(a))), ...update];
}

export function brandingType(r: ManagedLoginBrandingRow, merged: boolean): ManagedLoginBrandingType {
  const settings = r.settings === null ? undefined : (JSON.parse(r.settings) as Settings);
  const assets = JSON.parse(r.assets) as StoredAsset[];
  return {
    ManagedLoginBrandingId: r.id,
    UserPoolId: r.pool_id,
    UseCognitoProvidedValues: r.cognito_defaults === 1,
    ...(settings !== undefined || merged ? { Settings: (settings ?? {}) as ManagedLoginBrandingType['Settings'] } : {}),
    Assets: assets.map((a) => ({
      ...a,
      ...(a.Bytes !== undefined ? { Bytes: Buffer.from(a.Bytes, 'base64') } : {}),
    })) as AssetType[],
    CreationDate: new Date(r.created_at),
    LastModifiedDate: new Date(r.updated_at),
  };
}

export async function getBranding(db: Db, poolId: string, id: string): Promise<ManagedLoginBrandingRow> {
  const row = await db
    .selectFrom('managed_login_brandings')
    .selectAll()
    .where('pool_id', '=', poolId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw noSuchBranding(id);
  return row;
}

/** The style assigned to a client, if any: what its managed login pages show. */
export const brandingOfClient = (db: Db, poolId: string, clientId: string) =>
  db
    .selectFrom('managed_login_brandings')
    .selectAll()
    .where('pool_id', '=', poolId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();

export function newBrandingRow(
  poolId: string,
  clientId: string,
  useDefaults: boolean,
  settings: Settings | undefined,
  assets: StoredAsset[],
  now: number,
): ManagedLoginBrandingRow {
  return {
    pool_id: poolId,
    id: randomUUID(),
    client_id: clientId,
    cognito_defaults: useDefaults ? 1 : 0,
    settings: settings === undefined ? null : JSON.stringify(settings),
    assets: JSON.stringify(assets),
    created_at: now,
    updated_at: now,
  };
}
