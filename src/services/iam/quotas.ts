// IAM's policy size quotas.
import { LimitExceededException } from '../../generated/iam/errors.js';

/**
 * IAM's size quotas, counted without white space
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entity-length):
 * a role's trust policy 2,048 characters, a managed policy 6,144, a role's inline policies 10,240
 * together. The texts are IAM's (LimitExceeded, 409), as users quote them from CreateRole,
 * UpdateAssumeRolePolicy and PutRolePolicy: `Cannot exceed quota for PolicySize: 6144`
 * (ministryofjustice/cloud-platform-environments#14473), `Cannot exceed quota for PoliciesPerRole:
 * 10` (aws/eks-hybrid#741, status 409), `Cannot exceed quota for ACLSizePerRole: 2048` and
 * `Maximum policy size of 10240 bytes exceeded for role <name>` (CLI and Terraform output found by code search).
 */
export const policySize = (document: string) => document.replace(/\s/g, '').length;
export const TRUST_POLICY_LIMIT = 2048;
export const MANAGED_POLICY_LIMIT = 6144;
export const INLINE_POLICIES_LIMIT = 10240;
/** Managed policies attached to one role (the default quota; checked under the role's lock). */
export const MANAGED_POLICIES_PER_ROLE = 10;

export function checkTrustSize(document: string): void {
  if (policySize(document) > TRUST_POLICY_LIMIT)
    throw new LimitExceededException(`Cannot exceed quota for ACLSizePerRole: ${TRUST_POLICY_LIMIT}`);
}

export function checkManagedSize(document: string): void {
  if (policySize(document) > MANAGED_POLICY_LIMIT)
    throw new LimitExceededException(`Cannot exceed quota for PolicySize: ${MANAGED_POLICY_LIMIT}`);
}
