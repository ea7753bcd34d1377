// Reading an IAM JSON policy document the way IAM does before it stores one: the grammar
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html) and IAM's
// MalformedPolicyDocument texts. Recorded from AWS (docs/reference/aws-recorded.md §3.3): "This policy
// contains invalid Json" (trust policy), "Has prohibited field Resource" (no period), "Syntax errors
// in policy.", "Policy statement must contain resources.", "Invalid principal in policy: ...",
// "Policy document should not specify a principal.". The other texts (version, actions, vendor,
// colon, resource format, partition, duplicate Sid, legacy parsing) are the ones moto's policy
// validator tests pin (getmoto/moto tests/test_iam/test_iam_policies.py), not recordings.
import { parseOperator } from './conditions.js';

/** identity: an inline or managed permissions policy; trust: a role's AssumeRolePolicyDocument */
/** identity: no principal; trust: a principal, no resource; resource (Lambda's function policy): a principal and a resource */
export type PolicyKind = 'identity' | 'trust' | 'resource';

export interface Principals {
  /** `"Principal": "*"` */
  any: boolean;
  /** type (AWS, Service, Federated, CanonicalUser) → the values as written */
  byType: Record<string, string[]>;
}

export interface Condition {
  /** the operator as written, e.g. `ForAnyValue:StringLikeIfExists` */
  operator: string;
  key: string;
  values: string[];
}

export interface Statement {
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  principal?: Principals;
  notPrincipal?: Principals;
  action?: string[];
  notAction?: string[];
  resource?: string[];
  notResource?: string[];
  conditions: Condition[];
}

export interface PolicyDocument {
  version?: string;
  id?: string;
  statements: Statement[];
}

/** A document IAM refuses; the message is IAM's MalformedPolicyDocument text. */
export class PolicyError extends Error {}

const SYNTAX = 'Syntax errors in policy.';
const TOP = new Set(['Version', 'Id', 'Statement']);
const STATEMENT = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);
const PRINCIPAL_TYPES = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);
const PARTITIONS = new Set([
  'aws',
  'aws-cn',
  'aws-us-gov',
  'aws-iso',
  'aws-iso-b',
  'aws-iso-e',
  'aws-iso-f',
  'aws-eusc',
]);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A string or a list of strings (IAM's "one or many"); anything else is a syntax error. */
function strings(v: unknown): string[] {
  const list = Array.isArray(v) ? v : [v];
  if (!list.every((s) => typeof s === 'string')) throw new PolicyError(SYNTAX);
  return list as string[];
}

export function parsePolicy(text: string, kind: PolicyKind): PolicyDocument {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // Recorded for a trust policy; for permissions policies moto (and kops#13095's null document) say "Syntax errors".
    throw new PolicyError(kind === 'trust' ? 'This policy contains invalid Json' : SYNTAX);
  }
  if (!isObject(json) || Object.keys(json).some((k) => !TOP.has(k))) throw new PolicyError(SYNTAX);
  const { Version: version, Id: id, Statement: raw } = json;
  if (version !== undefined && typeof version !== 'string') throw new PolicyError(SYNTAX);
  if (id !== undefined && typeof id !== 'string') throw new PolicyError(SYNTAX);
  const list = Array.isArray(raw) ? raw : [raw];
  if (raw === undefined || raw === null || list.length === 0 || !list.every(isObject)) throw new PolicyError(SYNTAX);
  const statements = (list as Record<string, unknown>[]).map((s, i) => readStatement(s, i));
  if (version !== undefined && version !== '2012-10-17' && version !== '2008-10-17') throw new PolicyError(SYNTAX);
  // Permissions policies without 2012-10-17 are refused (users quote it: Meteor-Community-Packages/
  // Meteor-CollectionFS#630); trust policies keep the old version (AWS's 2013 ListRoles capture shows 2008-10-17).
  if (kind === 'identity' && version !== '2012-10-17')
    throw new PolicyError('Policy document must be version 2012-10-17 or greater.');
  for (const s of statements) checkStatement(s, kind);
  const sids = statements.map((s) => s.sid).filter((s) => s !== undefined && s !== '');
  if (new Set(sids).size !== sids.length)
    throw new PolicyError('Statement IDs (SID) in a single policy must be unique.');
  return { version: version as string | undefined, id: id as string | undefined, statements };
}

/** The grammar of one statement; meaning is checked afterwards, as IAM reports syntax first. */
function readStatement(s: Record<string, unknown>, index: number): Statement {
  if (Object.keys(s).some((k) => !STATEMENT.has(k))) throw new PolicyError(SYNTAX);
  if (s.Sid !== undefined && typeof s.Sid !== 'string') throw new PolicyError(SYNTAX);
  if (s.Action !== undefined && s.NotAction !== undefined) throw new PolicyError(SYNTAX);
  if (s.Resource !== undefined && s.NotResource !== undefined) throw new PolicyError(SYNTAX);
  if (s.Principal !== undefined && s.NotPrincipal !== undefined) throw new PolicyError(SYNTAX);
  const effect = s.Effect;
  if (effect !== 'Allow' && effect !== 'Deny') {
    // "allow"/"denY" pass the grammar but not the legacy parser; anything else is a syntax error.
    if (typeof effect === 'string' && /^(allow|deny)$/i.test(effect))
      throw new PolicyError('The policy failed legacy parsing');
    throw new PolicyError(SYNTAX);
  }
  const statement: Statement = { index, effect, conditions: readConditions(s.Condition) };
  if (typeof s.Sid === 'string') statement.sid = s.Sid;
  if (s.Principal !== undefined) statement.principal = readPrincipals(s.Principal);
  if (s.NotPrincipal !== undefined) statement.notPrincipal = readPrincipals(s.NotPrincipal);
  if (s.Action !== undefined) statement.action = strings(s.Action);
  if (s.NotAction !== undefined) statement.notAction = strings(s.NotAction);
  if (s.Resource !== undefined) statement.resource = strings(s.Resource);
  if (s.NotResource !== undefined) statement.notResource = strings(s.NotResource);
  return statement;
}

function readPrincipals(v: unknown): Principals {
  if (v === '*') return { any: true, byType: {} };
  if (!isObject(v)) throw new PolicyError(SYNTAX);
  const byType: Record<string, string[]> = {};
  for (const [type, values] of Object.entries(v)) {
    if (!PRINCIPAL_TYPES.has(type)) throw new PolicyError(SYNTAX);
    byType[type] = strings(values);
  }
  return { any: false, byType };
}

function readConditions(v: unknown): Condition[] {
  if (v === undefined) return [];
  if (!isObject(v)) throw new PolicyError(SYNTAX);
  const out: Condition[] = [];
  for (const [operator, block] of Object.entries(v)) {
    if (!parseOperator(operator) || !isObject(block)) throw new PolicyError(SYNTAX);
    for (const [key, values] of Object.entries(block)) {
      const list = Array.isArray(values) ? values : [values];
      if (!list.every((x) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean'))
        throw new PolicyError(SYNTAX);
      out.push({ operator, key, values: list.map(String) });
    }
  }
  return out;
}

function checkStatement(s: Statement, kind: PolicyKind): void {
  const hasPrincipal = s.principal !== undefined || s.notPrincipal !== undefined;
  if (kind === 'identity' && hasPrincipal) throw new PolicyError('Policy document should not specify a principal.');
  if (kind === 'trust' || kind === 'resource') {
    if (kind === 'trust' && s.resource !== undefined) throw new PolicyError('Has prohibited field Resource');
    if (kind === 'trust' && s.notResource !== undefined) throw new PolicyError('Has prohibited field NotResource');
    if (!hasPrincipal) throw new PolicyError('Missing required field Principal');
    for (const p of [s.principal, s.notPrincipal]) if (p) checkPrincipals(p);
  }
  const actions = s.action ?? s.notAction ?? [];
  if (actions.length === 0) throw new PolicyError('Policy statement must contain actions.');
  for (const a of actions) checkAction(a);
  if (kind === 'identity') {
    const resources = s.resource ?? s.notResource ?? [];
    if (resources.length === 0) throw new PolicyError('Policy statement must contain resources.');
    for (const r of resources) checkResource(r);
  }
}

function checkAction(a: string): void {
  if (a === '*') return;
  const parts = a.split(':');
  if (parts.length < 2)
    throw new PolicyError('Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.');
  if (parts.length > 2) throw new PolicyError('Actions/Condition can contain only one colon.');
  if (!/^[A-Za-z0-9_*?-]+$/.test(parts[0])) throw new PolicyError(`Vendor ${parts[0]} is not valid`);
}

function checkResource(r: string): void {
  if (r === '*') return;
  if (!r.includes(':')) throw new PolicyError(`Resource ${r} must be in ARN format or "*".`);
  const parts = r.split(':');
  parts[0] = 'arn';
  while (parts.length < 6) parts.push('*');
  if (!PARTITIONS.has(parts[1]) && !/[*?]/.test(parts[1]))
    throw new PolicyError(`Partition "${parts[1]}" is not valid for resource "${parts.join(':')}".`);
}

/**
 * Principals IAM accepts in a trust policy: "*", account ids, IAM and STS ARNs, and service
 * principals (`<name>.amazonaws.com`). Whether a named role exists is the caller's check (the
 * store knows); the text is AWS's (`"SERVICE"` upper-case, recorded in hashicorp/terraform#35086).
 */
function checkPrincipals(p: Principals): void {
  for (const service of p.byType.Service ?? []) {
    if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com(\.cn)?$/.test(service) || service === 'amazonaws.com') {
      throw new PolicyError(`Invalid principal in policy: "SERVICE":"${service}"`);
    }
  }
  for (const aws of p.byType.AWS ?? []) {
    if (aws === '*' || /^\d{12}$/.test(aws)) continue;
    if (
      /^arn:aws[a-z-]*:(iam::\d{12}:(root|(role|user)\/[\x21-\x7e]+)|sts::\d{12}:(assumed-role|federated-user)\/[\x21-\x7e]+)$/.test(
        aws,
      )
    )
      continue;
    throw new PolicyError(`Invalid principal in policy: "AWS":"${aws}"`);
  }
}

/** The role ARNs a trust policy names as AWS principals (IAM refuses roles that do not exist). */
export function roleArnsIn(doc: PolicyDocument): string[] {
  return doc.statements
    .flatMap((s) => [s.principal, s.notPrincipal])
    .flatMap((p) => p?.byType.AWS ?? [])
    .filter((a) => /^arn:[^:]+:iam::\d{12}:role\//.test(a));
}
