// Cognito's tables (migrations 001-003, 008-010): user pools and their clients, users, codes, groups,
// signing keys and sign-in state. Times are epoch milliseconds; flags are 0/1 integers, so the
// same rows read alike on SQLite and PostgreSQL.
import type { Generated } from 'kysely';

export interface UserPoolRow {
  id: string;
  account: string;
  region: string;
  name: string;
  /** the stored UserPoolType configuration, JSON */
  config: string;
  created_at: number;
  updated_at: number;
  /** raised by every change to the row (pools/store.ts: updatePool) */
  version: Generated<number>;
  /** the userAuthEvents log delivery's CloudWatch Logs group ARN, if any (migration 018) */
  auth_events_log: string | null;
}

export interface UserPoolClientRow {
  client_id: string;
  pool_id: string;
  name: string;
  secret: string | null;
  /** the stored UserPoolClientType configuration, JSON */
  config: string;
  created_at: number;
  updated_at: number;
  /** raised by every change to the row (pools/store.ts: clientChanged; migration 027) */
  version: Generated<number>;
}

export interface UserRow {
  pool_id: string;
  sub: string;
  username: string;
  /** username as looked up: lower-cased when the pool's usernames are case-insensitive */
  username_key: string;
  status: string;
  enabled: number;
  password_hash: string | null;
  /** every attribute but sub, JSON object name → value */
  attributes: string;
  // Projections of filterable attributes, so ListUsers filters and alias look-ups use indexes.
  email: string | null;
  email_verified: number;
  phone_number: string | null;
  phone_number_verified: number;
  name: string | null;
  given_name: string | null;
  family_name: string | null;
  preferred_username: string | null;
  /** email / phone_number where it names the user at sign-in (unique per pool; migration 002) */
  email_login: string | null;
  phone_login: string | null;
  /** when a temporary password (FORCE_CHANGE_PASSWORD) stops working */
  password_expires_at: number | null;
  /** SRP-6a salt and verifier of the password (hex), for USER_SRP_AUTH (migration 003) */
  srp_salt: string | null;
  srp_verifier: string | null;
  /** wrong passwords in a row, and the lockout they caused */
  failed_sign_ins: number;
  last_failed_sign_in_at: number | null;
  locked_until: number | null;
  /** MFA factors, JSON {sms?, software?, email?: {enabled, preferred}} */
  mfa: string | null;
  /** the software token's secret, sealed under the server key */
  totp_secret: string | null;
  /** a secret from AssociateSoftwareToken waiting for VerifySoftwareToken, sealed */
  totp_pending_secret: string | null;
  /** the last TOTP time step accepted, so a code is never accepted twice */
  totp_last_step: number | null;
  created_at: number;
  updated_at: number;
}

export interface UserCodeRow {
  pool_id: string;
  sub: string;
  /** signup:<attribute> | reset:<attribute>:<digest> | verify:<attribute> */
  purpose: string;
  code_hash: string;
  expires_at: number;
  /** wrong guesses at this code */
  attempts: number;
  created_at: number;
  /** codes of this purpose sent since window_started_at (send throttling) */
  sent: number;
  window_started_at: number;
  /** the value that takes effect when this code is verified (verify:<attribute> codes only) */
  pending_value: string | null;
}

export interface GroupRow {
  pool_id: string;
  name: string;
  description: string | null;
  role_arn: string | null;
  precedence: number | null;
  created_at: number;
  updated_at: number;
}

export interface GroupMemberRow {
  pool_id: string;
  group_name: string;
  sub: string;
}

export interface SigningKeyRow {
  pool_id: string;
  kid: string;
  key_use: 'id' | 'access';
  private_pem: string;
  created_at: number;
}

export interface SpentSessionRow {
  session_id: string;
  expires_at: number;
}

export interface RefreshTokenRow {
  token_hash: string;
  pool_id: string;
  sub: string;
  client_id: string;
  origin_jti: string;
  auth_time: number;
  expires_at: number;
  revoked_at: number | null;
  /** a rotated-out token: when its grace period ends (null while it is the sign-in's current token) */
  grace_ends_at: number | null;
  created_at: number;
  /** the device the sign-in is bound to (device tracking, migration 019), or null */
  device_key: string | null;
}

/** A subject's attempts at one limited action (migration 010; services/cognito-idp/users/limits.ts). */
export interface AttemptCounterRow {
  pool_id: string;
  /** u:<sub> for a user, n:<keyed digest of the name> for a name that is no user */
  subject: string;
  /** reset | confirm-sign-up | resend | sign-in */
  purpose: string;
  /** attempts since window_started_at; for sign-in, wrong passwords in a row */
  count: number;
  window_started_at: number;
  last_at: number;
  /** sign-in only: the end of the lockout the failures caused */
  locked_until: number | null;
}
