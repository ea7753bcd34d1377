// CloudWatch Logs' tables (migration 016_logs). Times are epoch milliseconds.

export interface LogGroupRow {
  account: string;
  region: string;
  name: string;
  created_at: number;
  retention_days: number | null;
  /** STANDARD | INFREQUENT_ACCESS | DELIVERY */
  log_group_class: string;
  kms_key_id: string | null;
  deletion_protection: number;
  /** JSON object */
  tags: string;
}

export interface LogStreamRow {
  account: string;
  region: string;
  group_name: string;
  name: string;
  created_at: number;
  first_event_at: number | null;
  last_event_at: number | null;
  last_ingestion_at: number | null;
  stored_bytes: number;
}

export interface LogEventRow {
  account: string;
  region: string;
  group_name: string;
  stream_name: string;
  event_id: string;
  timestamp: number;
  ingestion_time: number;
  message: string;
}
