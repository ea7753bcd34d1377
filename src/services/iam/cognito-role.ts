// The check Cognito makes of the role in a user pool's SmsConfiguration (SnsCallerArn): may
// cognito-idp.amazonaws.com assume it for this pool (the trust policy with its sts:ExternalId,
// aws:SourceAccount and aws:SourceArn conditions), and may the role publish with SNS
// (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-sms-settings.html, Step 1).
// Each part carries the evaluator's explanation (which statement decided, each condition and why)
// for Cognito's choice between InvalidSmsRoleTrustRelationshipException and
// InvalidSmsRoleAccessPolicyException, and for `cognate doctor sms`.
import type { Db, Tx, Store } from '../../store/store.js';
import type { Decision } from '../../policy/evaluate.js';
import { findRoleByArn, parseRoleArn, permissionDecision, trustDecision } from './access.js';

export interface RoleCheckRequest {
  /** the account asking (the user pool's) */
  account: string;
  roleArn: string;
  /** the service principal that assumes the role; Cognito's by default */
  service?: string;
  /** SmsConfiguration.ExternalId; absent when the pool has none */
  externalId?: string;
  /** aws:SourceAccount: the pool's account */
  sourceAccount: string;
  /** aws:SourceArn: the pool's ARN, arn:aws:cognito-idp:<region>:<account>:userpool/<id> */
  sourceArn: string;
  /** what the role must be allowed to do: sns:Publish on * by default */
  action?: string;
  resource?: string;
}

export interface RoleCheckPart {
  allowed: boolean;
  /** one line for people */
  summary: string;
  /** the evaluator's full trace; absent when there was nothing to evaluate (no role) */
  explanation?: Decision;
}

export interface RoleCheck {
  role: 'found' | 'missing';
  roleArn: string;
  /** why the role is missing (not a role ARN, or no such role) */
  reason?: string;
  trust: RoleCheckPart;
  permission: RoleCheckPart;
}

export async function checkRoleForService(store: Store | { db: Db | Tx }, req: RoleCheckRequest): Promise<RoleCheck> {
  const service = req.service ?? 'cognito-idp.amazonaws.com';
  const action = req.action ?? 'sns:Publish';
  const role = await findRoleByArn(store.db, req.roleArn);
  if (!role) {
    const reason = parseRoleArn(req.roleArn)
      ? `there is no role ${req.roleArn}`
      : `${req.roleArn} is not an IAM role ARN`;
    const part = { allowed: false, summary: `denied: ${reason}` };
    return { role: 'missing', roleArn: req.roleArn, reason, trust: part, permission: part };
  }
  const trust = trustDecision(
    role,
    { type: 'Service', id: service },
    {
      'sts:ExternalId': req.externalId,
      'aws:SourceAccount': req.sourceAccount,
      'aws:SourceArn': req.sourceArn,
    },
  );
  const permission = await permissionDecision(store.db, role, action, req.resource ?? '*');
  return {
    role: 'found',
    roleArn: role.arn,
    trust: {
      allowed: trust.allowed,
      summary: `${service} ${trust.allowed ? 'may' : 'may not'} assume ${role.arn}: ${trust.summary}`,
      explanation: trust,
    },
    permission: {
      allowed: permission.allowed,
      summary: `${role.arn} ${permission.allowed ? 'may' : 'may not'} perform ${action}: ${permission.summary}`,
      explanation: permission,
    },
  };
}
