// Passkeys (migration 020): a user's WebAuthn credentials and the registration ceremony waiting
// for its answer. Times are epoch milliseconds; binary values are base64url text.

/** A registered passkey of a user (CompleteWebAuthnRegistration), deleted with the user and the pool. */
export interface WebAuthnCredentialRow {
  pool_id: string;
  sub: string;
  /** the credential id the authenticator chose, base64url */
  credential_id: string;
  /** the credential's COSE public key, base64url */
  public_key: string;
  /** the authenticator's signature counter as last seen (0 for authenticators that keep none) */
  sign_count: number;
  /** AuthenticatorTransport[] as the browser reported them, JSON */
  transports: string;
  /** the relying party the credential is bound to */
  rp_id: string;
  /** platform | cross-platform, when the browser said */
  attachment: string | null;
  friendly_name: string;
  created_at: number;
}

/** The challenge of a user's last StartWebAuthnRegistration, one at a time, used once. */
export interface WebAuthnRegistrationRow {
  pool_id: string;
  sub: string;
  /** base64url */
  challenge: string;
  /** the app client whose access token started the ceremony */
  client_id: string;
  rp_id: string;
  /** required | preferred */
  user_verification: string;
  expires_at: number;
}
