// The SES tables (migration 005_ses), added to the store's table types by declaration merging so
// the SES module owns them. Times are epoch milliseconds; flags 0/1.
import '../../store/schema.js';

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

declare module '../../store/schema.js' {
  interface Database {
    ses_identities: SesIdentityRow;
    ses_accounts: SesAccountRow;
    ses_sends: SesSendRow;
  }
}
