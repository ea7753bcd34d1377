// A user pool's log delivery, replicas, SAML signing certificate and the account's provisioned limits (migration
// 017_pool_logs_replicas_limits). Times are epoch milliseconds.

export interface PoolLogConfigurationRow {
  pool_id: string;
  /** userNotification | userAuthEvents */
  event_source: string;
  /** ERROR | INFO */
  log_level: string;
  log_group_arn: string | null;
  s3_bucket_arn: string | null;
  firehose_stream_arn: string | null;
  position: number;
}

export interface PoolReplicaRow {
  pool_id: string;
  region: string;
  /** CREATING | ACTIVE | INACTIVE | DELETING */
  status: string;
  /** JSON object */
  tags: string;
  created_at: number;
}

export interface ProvisionedLimitRow {
  account: string;
  region: string;
  /** the API category, e.g. UserAuthentication */
  category: string;
  value: number;
  updated_at: number;
}

export interface PoolSamlCertificateRow {
  pool_id: string;
  /** base64 DER */
  certificate: string;
  /** PKCS#8 PEM, sealed with the server key */
  private_key: string;
  created_at: number;
}
