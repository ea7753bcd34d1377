// KMS's table (migration 026_kms): symmetric keys per account and Region. Times are epoch milliseconds.

export interface KmsKeyRow {
  account: string;
  region: string;
  key_id: string;
  description: string;
  key_usage: string;
  key_spec: string;
  /** Enabled, Disabled, PendingDeletion */
  key_state: string;
  /** the key policy, JSON text as given (or the default one) */
  policy: string;
  /** the 256-bit key material, sealed under the server key (crypto/seal.ts) */
  material: string;
  created_at: number;
  deletion_date: number | null;
  /** JSON list of {TagKey, TagValue} */
  tags: string;
}
