// The SMS doctor's look at the role a pool's SmsConfiguration names, through IAM's public API
// (GetRole, ListRolePolicies, GetRolePolicy, ListAttachedRolePolicies, GetPolicy,
// GetPolicyVersion, SimulatePrincipalPolicy): its trust policy evaluated as Cognito's
// sts:AssumeRole would be, condition by condition, and sns:Publish as Cognito's Publish would be.
// IAM answers policy documents URL-encoded (RFC 3986), on AWS and cognate alike.
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  paginateListAttachedRolePolicies,
  paginateListRolePolicies,
  SimulatePrincipalPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { parsePolicy, PolicyError } from '../policy/document.js';
import { evaluate, type NamedPolicy } from '../policy/evaluate.js';
import { errorText } from './sdk-errors.js';
import type { SmsReport } from './sms-report.js';

const roleName = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

function readPolicy(encoded: string | undefined, kind: 'identity' | 'trust'): ReturnType<typeof parsePolicy> | string {
  try {
    return parsePolicy(decodeURIComponent(encoded ?? ''), kind);
  } catch (e) {
    if (e instanceof PolicyError) return e.message;
    throw e;
  }
}

export interface RoleContext {
  roleArn: string;
  externalId?: string;
  poolArn?: string;
  account: string;
  region: string;
  mfa: boolean;
}

/** The role's part of the report (role, trust, permission), with what to change. */
export async function checkRole(
  iam: IAMClient,
  c: RoleContext,
): Promise<Pick<SmsReport, 'role' | 'trust' | 'permission'> & { advice: string[] }> {
  const advice: string[] = [];
  const name = roleName(c.roleArn);
  let role: NonNullable<SmsReport['role']>;
  let trustText: string | undefined;
  try {
    const found = (await iam.send(new GetRoleCommand({ RoleName: name }))).Role;
    role = { arn: c.roleArn, found: found?.Arn === c.roleArn };
    if (!role.found) role.error = `GetRole found ${found?.Arn}, not ${c.roleArn} (the path differs)`;
    trustText = found?.AssumeRolePolicyDocument;
  } catch (e) {
    role = { arn: c.roleArn, found: false, error: errorText(e) };
  }
  if (!role.found) {
    advice.push(
      `Create the role ${c.roleArn} (or point SnsCallerArn at an existing role): Cognito answers InvalidSmsRoleTrustRelationshipException until it exists.`,
    );
    return { role, advice };
  }

  const trustDoc = readPolicy(trustText, 'trust');
  const context = { 'sts:ExternalId': c.externalId, 'aws:SourceAccount': c.account, 'aws:SourceArn': c.poolArn };
  const principal = { type: 'Service' as const, id: 'cognito-idp.amazonaws.com' };
  const assume = (ctx: typeof context) =>
    evaluate([{ document: trustDoc as Exclude<typeof trustDoc, string> }], {
      principal,
      action: 'sts:AssumeRole',
      resource: c.roleArn,
      context: ctx,
    });
  let trust: NonNullable<SmsReport['trust']>;
  if (typeof trustDoc === 'string') {
    trust = {
      allowed: false,
      summary: `the trust policy is malformed: ${trustDoc}`,
      externalIdRequiredForMfa: c.mfa,
      externalIdEnforced: false,
    };
  } else {
    const decision = assume(context);
    trust = {
      allowed: decision.allowed,
      summary: decision.summary,
      externalIdRequiredForMfa: c.mfa,
      externalIdEnforced: !assume({ ...context, 'sts:ExternalId': undefined }).allowed,
      decision,
      document: JSON.parse(decodeURIComponent(trustText ?? '')),
    };
  }
  if (!trust.allowed) {
    advice.push(
      `Let cognito-idp.amazonaws.com assume the role for this pool: Allow sts:AssumeRole with StringEquals {"sts:ExternalId": "${c.externalId ?? "<the pool's ExternalId>"}", "aws:SourceAccount": "${c.account}"} and ArnLike {"aws:SourceArn": "${c.poolArn}"} (a wildcard such as arn:aws:cognito-idp:${c.region}:${c.account}:userpool/* also matches). Cognito answers InvalidSmsRoleTrustRelationshipException until then.`,
    );
  } else if (c.mfa && !trust.externalIdEnforced) {
    advice.push(
      `SMS MFA needs the trust policy to require the external id: add StringEquals {"sts:ExternalId": "${c.externalId ?? '<set SmsConfiguration.ExternalId>'}"}.`,
    );
  }

  const policies: NamedPolicy[] = [];
  const listed: NonNullable<SmsReport['permission']>['policies'] = [];
  for await (const page of paginateListRolePolicies({ client: iam }, { RoleName: name })) {
    for (const policyName of page.PolicyNames ?? []) {
      const doc = readPolicy(
        (await iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: policyName }))).PolicyDocument,
        'identity',
      );
      listed.push({ name: policyName, kind: 'inline', readable: typeof doc !== 'string' });
      if (typeof doc !== 'string') policies.push({ name: policyName, document: doc });
    }
  }
  for await (const page of paginateListAttachedRolePolicies({ client: iam }, { RoleName: name })) {
    for (const attached of page.AttachedPolicies ?? []) {
      const policyName = attached.PolicyName ?? '';
      try {
        const version =
          (await iam.send(new GetPolicyCommand({ PolicyArn: attached.PolicyArn }))).Policy?.DefaultVersionId ?? 'v1';
        const doc = readPolicy(
          (await iam.send(new GetPolicyVersionCommand({ PolicyArn: attached.PolicyArn, VersionId: version })))
            .PolicyVersion?.Document,
          'identity',
        );
        listed.push({ name: policyName, kind: 'attached', readable: typeof doc !== 'string' });
        if (typeof doc !== 'string') policies.push({ name: policyName, document: doc });
      } catch {
        listed.push({ name: policyName, kind: 'attached', readable: false });
      }
    }
  }
  const decision = evaluate(policies, { action: 'sns:Publish', resource: '*' });
  const unreadable = listed.filter((p) => !p.readable).map((p) => p.name);
  // IAM's own verdict, where the endpoint simulates policies; it settles what unreadable documents leave open.
  const simulated = await iam
    .send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: c.roleArn, ActionNames: ['sns:Publish'] }))
    .then(
      (out) => out.EvaluationResults?.[0]?.EvalDecision,
      () => undefined,
    );
  const allowed = simulated !== undefined ? simulated === 'allowed' : decision.allowed;
  if (!allowed)
    advice.push(
      'Allow the role sns:Publish (for example an inline policy {"Effect":"Allow","Action":"sns:Publish","Resource":"*"}): Cognito answers InvalidSmsRoleAccessPolicyException until then.',
    );
  return {
    role,
    trust,
    permission: {
      allowed,
      policies: listed,
      decision,
      ...(simulated !== undefined ? { simulated } : {}),
      summary:
        decision.summary +
        (unreadable.length && !decision.allowed
          ? ` (not evaluated, their documents could not be read: ${unreadable.join(', ')})`
          : ''),
    },
    advice,
  };
}
