// The messaging plane's tables (migration 001): the outbox, its delivery attempts and the capture
// mailbox. Times are epoch milliseconds.

export interface MessageRow {
  id: string;
  account: string;
  region: string;
  pool_id: string | null;
  user_sub: string | null;
  /** signup, resend, forgot_password, invitation, verify_attribute, mfa ... */
  activity: string;
  channel: 'email' | 'sms';
  destination: string;
  sender: string | null;
  reply_to: string | null;
  subject: string | null;
  body_text: string;
  body_html: string | null;
  /** queued → sending → delivered | failed */
  status: string;
  attempts: number;
  max_attempts: number;
  next_attempt_at: number;
  lease_until: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  delivered_at: number | null;
}

export interface MessageAttemptRow {
  message_id: string;
  attempt: number;
  started_at: number;
  finished_at: number | null;
  outcome: string;
  error: string | null;
}

export interface MailboxRow {
  id: string;
  message_id: string;
  channel: 'email' | 'sms';
  account: string;
  region: string;
  /** sender address (email) or sender id (SMS) */
  source: string;
  /** JSON list of recipients */
  destination: string;
  subject: string | null;
  body_text: string | null;
  body_html: string | null;
  created_at: number;
}
