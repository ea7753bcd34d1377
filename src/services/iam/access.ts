// Who may assume a role, and what the role may do: a role's trust policy and its permissions
// policies (inline and attached) through the policy evaluator, with the evaluator's explanation
// kept for the caller to show. Used by STS AssumeRole and by Cognito's SMS role check.
import type { Db, Tx } from '../../store/store.js';
import { parsePolicy, PolicyError, type PolicyDocument } from '../../policy/document.js';
import {
  evaluate,
  type AccessRequest,
  type Decision,
  type NamedPolicy,
  type RequestPrincipal,
} from '../../policy/evaluate.js';
import { findRole, rolePermissionPolicies, type Role } from './store.js';

export interface RoleArnParts {
  account: string;
  path: string;
  name: string;
}

/** arn:aws:iam::<account>:role/<path/><name>, the path being "/" or "/a/b/". */
export function parseRoleArn(arn: string): RoleArnParts | undefined {
  const m = /^arn:aws[a-z-]*:iam::(\d{12}):role(\/(?:[\x21-\x7e]*\/)?)([\w+=,.@-]{1,64})$/.exec(arn);
  return m ? { account: m[1], path: m[2], name: m[3] } : undefined;
}

/** The role an ARN names, in the ARN's own account; undefined when there is none (the path counts too). */
export async function findRoleByArn(db: Db | Tx, arn: string): Promise<Role | undefined> {
  const parts = parseRoleArn(arn);
  if (!parts) return undefined;
  const role = await findRole(db, parts.account, parts.name);
  return role && role.path === parts.path && role.name === parts.name ? role : undefined;
}

/** A stored document that no longer parses (never written by cognate) denies, saying so. */
function readDocument(text: string, kind: 'identity' | 'trust'): PolicyDocument | string {
  try {
    return parsePolicy(text, kind);
  } catch (e) {
    if (e instanceof PolicyError) return e.message;
    throw e;
  }
}

function decide(
  policies: { name?: string; text: string }[],
  kind: 'identity' | 'trust',
  request: AccessRequest,
): Decision {
  const readable: NamedPolicy[] = [];
  for (const p of policies) {
    const doc = readDocument(p.text, kind);
    if (typeof doc === 'string')
      return {
        allowed: false,
        decision: 'ImplicitDeny',
        statements: [],
        summary: `denied: ${p.name ?? 'the policy'} is malformed (${doc})`,
      };
    readable.push({ ...(p.name ? { name: p.name } : {}), document: doc });
  }
  return evaluate(readable, request);
}

/** May `principal` call sts:AssumeRole on the role, given these request context keys? */
export function trustDecision(role: Role, principal: RequestPrincipal, context: AccessRequest['context']): Decision {
  return decide([{ text: role.trustPolicy }], 'trust', {
    principal,
    action: 'sts:AssumeRole',
    resource: role.arn,
    context,
  });
}

/** May the role (its inline and attached policies) perform `action` on `resource`? */
export async function permissionDecision(
  db: Db | Tx,
  role: Role,
  action: string,
  resource: string,
  context?: AccessRequest['context'],
): Promise<Decision> {
  const policies = await rolePermissionPolicies(db, role.account, role.name);
  return decide(
    policies.map((p) => ({ name: p.name, text: p.document })),
    'identity',
    { action, resource, context },
  );
}
