// SNS's SMS tables (migration 006_sns), per account and Region. Times are epoch milliseconds;
// flags 0/1.

export interface SnsSmsAccountRow {
  account: string;
  region: string;
  in_sandbox: number;
  spend_quota_usd: number;
  /** SetSMSAttributes' attributes as set, JSON object */
  attributes: string;
  updated_at: number;
}

export interface SnsSandboxNumberRow {
  account: string;
  region: string;
  phone_number: string;
  status: 'Pending' | 'Verified';
  otp_hash: string | null;
  otp_expires_at: number | null;
  otp_attempts: number;
  otp_sent: number;
  window_started_at: number;
  last_attempt_at: number;
  created_at: number;
}

export interface SnsOptOutRow {
  account: string;
  region: string;
  phone_number: string;
  opted_out: number;
  opted_out_at: number;
  opted_in_at: number | null;
}

export interface SnsSmsSpendRow {
  account: string;
  region: string;
  month: string;
  spent_micro_usd: number;
  messages: number;
}

export type OriginationType = 'SHORT_CODE' | 'TEN_DLC' | 'TOLL_FREE';

export interface SnsOriginationNumberRow {
  account: string;
  region: string;
  phone_number: string;
  number_type: OriginationType;
  iso2_country: string;
  route_type: string;
  created_at: number;
}
