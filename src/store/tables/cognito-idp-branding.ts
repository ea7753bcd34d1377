// Tables of migration 013: the look and terms of a pool's sign-in pages. Times are epoch
// milliseconds; flags are 0/1 integers.

/** A hosted UI (classic) customization: SetUICustomization's CSS and logo, per pool or app client. */
export interface UiCustomizationRow {
  pool_id: string;
  /** an app client's id, or ALL: the pool's default for clients without their own */
  client_id: string;
  css: string | null;
  /** the logo, base64 */
  image: string | null;
  /** the logo's media type (image/png, image/jpeg) */
  image_type: string | null;
  /** CSSVersion: the time of the last change, yyyyMMddHHmmss (UTC), also in the image's URL */
  version: string;
  created_at: number;
  updated_at: number;
}

/** A managed login branding style, assigned to one app client. */
export interface ManagedLoginBrandingRow {
  pool_id: string;
  id: string;
  client_id: string;
  /** UseCognitoProvidedValues */
  cognito_defaults: number;
  /** the customized Settings document, JSON; null when none */
  settings: string | null;
  /** AssetType[] as JSON, Bytes in base64 */
  assets: string;
  created_at: number;
  updated_at: number;
}

/** A terms document (terms-of-use or privacy-policy) of an app client. */
export interface TermsRow {
  pool_id: string;
  id: string;
  client_id: string;
  /** TermsName */
  name: string;
  source: string;
  enforcement: string;
  /** Links: language id → URL, JSON */
  links: string;
  created_at: number;
  updated_at: number;
}
