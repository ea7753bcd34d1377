// Hosted UI (classic) customizations: one per app client and one for the pool (ClientId ALL),
// which serves every client without its own. SetUICustomization replaces the CSS and the logo
// together ("You can't set CSS and logo customization separately", developer guide); setting
// neither removes the customization, which is how Terraform deletes one. CSSVersion is the time of
// the change as yyyyMMddHHmmss, and the logo's URL carries it, as AWS's do
// (https://<cdn>/<pool>/<client>/20250117005911/assets/images/image.jpg, AWS CLI examples); cognate
// serves the logo itself (`uiAssetRoute`).
import type { UICustomizationType } from '@aws-sdk/client-cognito-identity-provider';
import type { Db } from '../../../store/store.js';
import type { UiCustomizationRow } from '../../../store/tables/cognito-idp-branding.js';

export const ALL_CLIENTS = 'ALL';
export const UI_ASSET_PREFIX = '/ui-assets/';

/** yyyyMMddHHmmss of `ms`, in UTC. */
export const cssVersion = (ms: number) => new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);

export const imageUrl = (publicUrl: string, r: Pick<UiCustomizationRow, 'pool_id' | 'client_id' | 'version'>) =>
  `${publicUrl}${UI_ASSET_PREFIX}${r.pool_id}/${r.client_id}/${r.version}/assets/images/image.jpg`;

export function uiCustomizationType(publicUrl: string, r: UiCustomizationRow): UICustomizationType {
  return {
    UserPoolId: r.pool_id,
    ClientId: r.client_id,
    ...(r.image !== null ? { ImageUrl: imageUrl(publicUrl, r) } : {}),
    ...(r.css !== null ? { CSS: r.css, CSSVersion: r.version } : {}),
    LastModifiedDate: new Date(r.updated_at),
    CreationDate: new Date(r.created_at),
  };
}

/** The customization set for exactly this client id (or ALL). */
export const ownUiCustomization = (db: Db, poolId: string, clientId: string) =>
  db
    .selectFrom('ui_customizations')
    .selectAll()
    .where('pool_id', '=', poolId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();

/** The customization a client's pages show: its own, else the pool's (ALL), else none. */
export async function uiCustomizationFor(
  db: Db,
  poolId: string,
  clientId: string | undefined,
): Promise<UiCustomizationRow | undefined> {
  if (clientId !== undefined && clientId !== ALL_CLIENTS) {
    const own = await ownUiCustomization(db, poolId, clientId);
    if (own) return own;
  }
  return ownUiCustomization(db, poolId, ALL_CLIENTS);
}

export interface UiChange {
  css?: string;
  image?: { bytes: Buffer; type: string };
}

/** Sets (or, with neither CSS nor image, removes) a customization; the row as it now stands. */
export async function putUiCustomization(
  db: Db,
  poolId: string,
  clientId: string,
  change: UiChange,
  now: number,
): Promise<UiCustomizationRow | undefined> {
  const before = await ownUiCustomization(db, poolId, clientId);
  if (change.css === undefined && change.image === undefined) {
    await db.deleteFrom('ui_customizations').where('pool_id', '=', poolId).where('client_id', '=', clientId).execute();
    return undefined;
  }
  const row: UiCustomizationRow = {
    pool_id: poolId,
    client_id: clientId,
    css: change.css ?? null,
    image: change.image ? change.image.bytes.toString('base64') : null,
    image_type: change.image?.type ?? null,
    version: cssVersion(now),
    created_at: before?.created_at ?? now,
    updated_at: now,
  };
  await db
    .insertInto('ui_customizations')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['pool_id', 'client_id']).doUpdateSet({
        css: row.css,
        image: row.image,
        image_type: row.image_type,
        version: row.version,
        updated_at: row.updated_at,
      }),
    )
    .execute();
  return row;
}
