// What a client's sign-in pages show of their look and terms, for the pages themselves (the
// managed login and hosted UI of the OAuth2 issue): one read, so no page reaches into the tables.
import type { Db } from '../../../store/store.js';
import { brandingOfClient, type Settings, type StoredAsset } from './managed-login.js';
import { termsLinks } from './terms.js';
import { imageUrl, uiCustomizationFor } from './ui-customization.js';

export interface PageLook {
  /** hosted UI (classic): the client's CSS and logo, else the pool's (ClientId ALL) */
  classic?: { css?: string; logoUrl?: string };
  /** managed login: the client's branding style (customized values only; Bytes in base64) */
  managed?: { useCognitoDefaults: boolean; settings?: Settings; assets: StoredAsset[] };
  /** the terms links in the page's language (else cognito:default), once both documents exist */
  terms?: { termsOfUse: string; privacyPolicy: string };
}

export async function pageLook(
  db: Db,
  publicUrl: string,
  poolId: string,
  clientId: string,
  language?: string,
): Promise<PageLook> {
  const [ui, branding, terms] = await Promise.all([
    uiCustomizationFor(db, poolId, clientId),
    brandingOfClient(db, poolId, clientId),
    termsLinks(db, poolId, clientId, language),
  ]);
  return {
    ...(ui
      ? {
          classic: {
            ...(ui.css !== null ? { css: ui.css } : {}),
            ...(ui.image !== null ? { logoUrl: imageUrl(publicUrl, ui) } : {}),
          },
        }
      : {}),
    ...(branding
      ? {
          managed: {
            useCognitoDefaults: branding.cognito_defaults === 1,
            ...(branding.settings !== null ? { settings: JSON.parse(branding.settings) as Settings } : {}),
            assets: JSON.parse(branding.assets) as StoredAsset[],
          },
        }
      : {}),
    ...(terms ? { terms } : {}),
  };
}
