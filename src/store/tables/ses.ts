// The SES tables (migration 005_ses), shared by the v1 and v2 APIs and Cognito's DEVELOPER email.
// Times are epoch milliseconds; flags 0/1.

export interface SesIdentityRow {
  account: string;
  region: string;
  identity: string;
  kind: 'EMAIL_ADDRESS' | 'DOMAIN';
  status: string;
  verification_token: string | null;
  link_hash: string | null;
  dkim_tokens: string | null;
  dkim_status: string | null;
  error_type: string | null;
  last_checked_at: number | null;
  verified_at: number | null;
  pending_since: number;
  created_at: number;
  updated_at: number;
}

export interface SesAccountRow {
  account: string;
  region: string;
  production: number;
  review_status: string | null;
  review_case_id: string | null;
  details: string | null;
  rate_busy_until: number;
  updated_at: number;
}

export interface SesSendRow {
  account: string;
  region: string;
  sent_at: number;
  recipients: number;
}
