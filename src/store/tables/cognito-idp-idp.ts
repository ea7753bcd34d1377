// Cognito's identity-provider tables (migration 012): a pool's third-party IdPs, their
// identifiers, and external identities linked to users.

export interface IdentityProviderRow {
  pool_id: string;
  name: string;
  /** ProviderType: SAML | OIDC | Google | Facebook | LoginWithAmazon | SignInWithApple */
  type: string;
  /** ProviderDetails as given, with the keys AWS derives, JSON object */
  details: string;
  /** AttributeMapping, JSON object (user pool attribute → IdP claim) */
  attribute_mapping: string;
  /** IdpIdentifiers, JSON array in the order given */
  idp_identifiers: string;
  created_at: number;
  updated_at: number;
  /** a SAML IdP's encryption certificate, base64 DER (migration 030); null until EncryptedResponses is first true */
  encryption_certificate: string | null;
  /** its private key, PKCS#8 PEM sealed under the server key */
  encryption_key: string | null;
}

export interface IdentityProviderIdentifierRow {
  pool_id: string;
  identifier: string;
  provider_name: string;
}

export interface ProviderLinkRow {
  pool_id: string;
  provider_name: string;
  /** Cognito_Subject, or the user pool attribute the IdP's claim is mapped to */
  attribute_name: string;
  attribute_value: string;
  user_sub: string;
  created_at: number;
}
