// IAM's tables (migration 004_iam): roles, their inline policies, customer managed policies and
// attachments. IAM is global: rows carry the account only.

export interface RoleRow {
  account: string;
  name_key: string;
  name: string;
  role_id: string;
  path: string;
  trust_policy: string;
  description: string | null;
  max_session_duration: number;
  permissions_boundary: string | null;
  tags: string | null;
  created_at: number;
  last_used_at: number | null;
  last_used_region: string | null;
}
export interface RolePolicyRow {
  account: string;
  role_key: string;
  policy_name: string;
  document: string;
}
export interface PolicyRow {
  account: string;
  arn: string;
  name_key: string;
  name: string;
  policy_id: string;
  path: string;
  document: string;
  description: string | null;
  tags: string | null;
  created_at: number;
  updated_at: number;
}
export interface AttachmentRow {
  account: string;
  role_key: string;
  policy_arn: string;
  attached_at: number;
}
