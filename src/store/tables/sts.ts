// STS's sessions (migration 004_iam): AssumeRole's temporary credentials by access key.

export interface StsSessionRow {
  access_key: string;
  account: string;
  arn: string;
  user_id: string;
  expires_at: number;
}
