// Tables of the OAuth 2.0 endpoints and managed login (migration 022; services/cognito-idp/oauth/).

/**
 * An authorization code of /oauth2/authorize, kept until it is exchanged or expires. The code
 * itself is never stored: `code_hash` is its keyed hash. Bound to its client, redirect URI and
 * PKCE challenge; carries what the tokens it yields will say.
 */
export interface OAuthCodeRow {
  code_hash: string;
  pool_id: string;
  client_id: string;
  sub: string;
  redirect_uri: string;
  /** the granted scopes, space-separated */
  scope: string;
  nonce: string | null;
  /** base64url SHA-256 of the verifier (S256, the one method Cognito takes); null without PKCE */
  code_challenge: string | null;
  /** when the user proved who they are, seconds since the epoch (the tokens' auth_time) */
  auth_time: number;
  expires_at: number;
  created_at: number;
}

/**
 * A managed login session: what the domain's session cookie stands for (single sign-on across the
 * pool's clients). The cookie carries a random id; only its keyed hash is stored, so the table
 * gives no one a usable cookie. Deleted at /logout.
 */
export interface LoginSessionRow {
  id_hash: string;
  pool_id: string;
  sub: string;
  /** seconds since the epoch */
  auth_time: number;
  expires_at: number;
  created_at: number;
  /** a session begun at a SAML IdP (migration 030): the IdP's name, else null */
  saml_provider: string | null;
  /** the NameID the IdP's assertion named, its Format and the AuthnStatement's SessionIndex */
  saml_name_id: string | null;
  saml_name_id_format: string | null;
  saml_session_index: string | null;
}

/** The column migration 022 adds to refresh_tokens: the scopes of an OAuth sign-in. */
export interface RefreshTokenScopeColumn {
  /** the sign-in's granted scopes, space-separated; null for a sign-in through the API (InitiateAuth) */
  scope: string | null;
}
