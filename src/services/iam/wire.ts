// IAM's answers: Role and Policy as each operation returns them (docs/reference/aws-recorded.md §3.1),
// and policy documents percent-encoded exactly once, as submitted (docs/reference/aws-recorded.md §3.2).
import type { Role as RoleType, Policy as PolicyType } from '@aws-sdk/client-iam';
import { MalformedPolicyDocumentException } from '../../generated/iam/errors.js';
import { parsePolicy, PolicyError, roleArnsIn, type PolicyDocument, type PolicyKind } from '../../policy/document.js';
import type { Db, Tx } from '../../store/store.js';
import { findRoleByArn } from './access.js';
import type { ManagedPolicy, Role } from './store.js';
import { AwsError } from '../../kernel/errors.js';

/** The SDK's types with the operation-side timestamp freedom (Date or epoch ms). */
type Wire<T> = { [K in keyof T]: T[K] extends Date | undefined ? Date | number : T[K] };

/** IAM percent-encodes every policy document once (the SDKs' parsers decode it). */
export const encodeDocument = (document: string) => encodeURIComponent(document);

/**
 * CreateRole answers without MaxSessionDuration and RoleLastUsed; GetRole has both (RoleLastUsed
 * `{}` until the role is used); ListRoles has MaxSessionDuration but never RoleLastUsed, Tags or
 * PermissionsBoundary. Description, Tags and PermissionsBoundary appear only when set.
 */
export function roleType(r: Role, view: 'create' | 'get' | 'list'): Wire<RoleType> {
  return {
    Path: r.path,
    RoleName: r.name,
    RoleId: r.roleId,
    Arn: r.arn,
    CreateDate: r.createdAt,
    AssumeRolePolicyDocument: encodeDocument(r.trustPolicy),
    ...(r.description !== null ? { Description: r.description } : {}),
    ...(view !== 'create' ? { MaxSessionDuration: r.maxSessionDuration } : {}),
    ...(view !== 'list' && r.permissionsBoundary !== null
      ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: r.permissionsBoundary } }
      : {}),
    ...(view !== 'list' && r.tags !== null && r.tags.length > 0 ? { Tags: r.tags } : {}),
    ...(view === 'get'
      ? {
          RoleLastUsed:
            r.lastUsedAt !== null ? { LastUsedDate: r.lastUsedAt, Region: r.lastUsedRegion ?? undefined } : {},
        }
      : {}),
  } as Wire<RoleType>;
}

export function policyType(p: ManagedPolicy): Wire<PolicyType> {
  return {
    PolicyName: p.name,
    PolicyId: p.policyId,
    Arn: p.arn,
    Path: p.path,
    DefaultVersionId: 'v1',
    AttachmentCount: p.attachmentCount,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    ...(p.description !== null ? { Description: p.description } : {}),
    CreateDate: p.createdAt,
    UpdateDate: p.updatedAt,
    ...(p.tags !== null && p.tags.length > 0 ? { Tags: p.tags } : {}),
  } as Wire<PolicyType>;
}

/**
 * A document IAM would store, or its MalformedPolicyDocument. A trust policy may name only roles
 * that exist (IAM resolves them to their unique ids: aws-actions/configure-aws-credentials#332).
 */
export async function checkDocument(db: Db | Tx, text: string, kind: PolicyKind): Promise<PolicyDocument> {
  let doc: PolicyDocument;
  try {
    doc = parsePolicy(text, kind);
  } catch (e) {
    if (e instanceof PolicyError) throw new MalformedPolicyDocumentException(e.message);
    throw e;
  }
  for (const arn of roleArnsIn(doc)) {
    if (!(await findRoleByArn(db, arn)))
      throw new MalformedPolicyDocumentException(`Invalid principal in policy: "AWS":"${arn}"`);
  }
  return doc;
}

/** IAM's dates have whole seconds (`2013-04-18T05:01:58Z` in AWS's captures). */
export const wholeSeconds = (ms: number) => Math.floor(ms / 1000) * 1000;

/** IAM's MaxItems default for list operations. */
export const pageSize = (maxItems: number | undefined) => maxItems ?? 100;

/** A policy ARN must parse before IAM looks for it (recorded text, two spaces: docs/reference/aws-recorded.md §3.4). */
export function checkPolicyArn(arn: string): void {
  if (!/^arn:aws[a-z-]*:iam::(\d{12}|aws):policy\/[\x21-\x7e]+$/.test(arn))
    throw new AwsError('ValidationError', 'Invalid ARN:  Could not be parsed!');
}
