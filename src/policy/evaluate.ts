// Policy evaluation for one request, as IAM's logic has it within one account
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html):
// a statement applies when its principal, action, resource and every condition match; an
// applicable Deny wins over any Allow, an applicable Allow allows, and nothing applicable is the
// default (implicit) deny. The answer carries the whole trace, statement by statement, so that
// callers can say exactly which statement decided and which condition failed, and why.
import type { PolicyDocument, Principals, Statement } from './document.js';
import { evaluateCondition, type ConditionResult } from './conditions.js';
import { globMatch } from './wildcard.js';

/** Who asks: a service principal (`cognito-idp.amazonaws.com`) or an AWS principal by its ARN. */
export type RequestPrincipal = { type: 'Service'; id: string } | { type: 'AWS'; arn: string; account: string };

export interface AccessRequest {
  /** absent for identity policies, which apply to their holder */
  principal?: RequestPrincipal;
  action: string;
  resource: string;
  /** condition keys (any letter case) → value(s); absent keys are absent from the request */
  context?: Record<string, string | string[] | undefined>;
}

export interface Check {
  matched: boolean;
  why: string;
}

export interface StatementTrace {
  /** the policy's name, where several were evaluated together */
  policy?: string;
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  applies: boolean;
  principal?: Check;
  action: Check;
  resource?: Check;
  conditions: ConditionResult[];
}

export interface Decision {
  allowed: boolean;
  decision: 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';
  /** the statement that decided (none for an implicit deny) */
  decidedBy?: StatementTrace;
  statements: StatementTrace[];
  summary: string;
}

export interface NamedPolicy {
  name?: string;
  document: PolicyDocument;
}

export function evaluate(policies: NamedPolicy[], request: AccessRequest): Decision {
  const context = new Map<string, string[]>();
  for (const [k, v] of Object.entries(request.context ?? {})) {
    if (v !== undefined) context.set(k.toLowerCase(), Array.isArray(v) ? v : [v]);
  }
  const statements = policies.flatMap((p) => p.document.statements.map((s) => trace(s, p.name, request, context)));
  const deny = statements.find((s) => s.applies && s.effect === 'Deny');
  const allow = statements.find((s) => s.applies && s.effect === 'Allow');
  const decidedBy = deny ?? allow;
  const decision = deny ? 'ExplicitDeny' : allow ? 'Allow' : 'ImplicitDeny';
  return {
    allowed: decision === 'Allow',
    decision,
    ...(decidedBy ? { decidedBy } : {}),
    statements,
    summary: summarize(decision, decidedBy, statements, request),
  };
}

export function describeStatement(s: StatementTrace): string {
  return `${s.policy ? `policy ${s.policy}, ` : ''}statement ${s.index + 1}${s.sid ? ` (Sid "${s.sid}")` : ''}`;
}

function summarize(
  decision: Decision['decision'],
  by: StatementTrace | undefined,
  all: StatementTrace[],
  request: AccessRequest,
): string {
  if (decision === 'Allow') return `allowed by ${describeStatement(by!)}`;
  if (decision === 'ExplicitDeny') return `denied explicitly by ${describeStatement(by!)}`;
  if (all.length === 0) return 'denied: there is no policy statement';
  const reasons = all.filter((s) => s.effect === 'Allow').map((s) => `${describeStatement(s)}: ${firstFailure(s)}`);
  return `denied: no statement allows ${request.action}${reasons.length ? ` (${reasons.join('; ')})` : ' (no statement has Effect Allow)'}`;
}

function firstFailure(s: StatementTrace): string {
  if (s.principal && !s.principal.matched) return s.principal.why;
  if (!s.action.matched) return s.action.why;
  if (s.resource && !s.resource.matched) return s.resource.why;
  const failed = s.conditions.filter((x) => !x.held);
  return failed.length ? failed.map((c) => `condition ${c.operator} ${c.key} failed: ${c.why}`).join('; ') : 'applies';
}

function trace(
  s: Statement,
  policy: string | undefined,
  request: AccessRequest,
  context: ReadonlyMap<string, string[]>,
): StatementTrace {
  const principal =
    request.principal && (s.principal || s.notPrincipal) ? principalCheck(s, request.principal) : undefined;
  const action = listCheck('action', s.action, s.notAction, (p) => globMatch(p, request.action, true), request.action);
  const resource =
    s.resource || s.notResource
      ? listCheck('resource', s.resource, s.notResource, (p) => globMatch(p, request.resource), request.resource)
      : undefined;
  const conditions = s.conditions.map((c) => evaluateCondition(c, context));
  const applies =
    (principal?.matched ?? true) && action.matched && (resource?.matched ?? true) && conditions.every((c) => c.held);
  return {
    ...(policy ? { policy } : {}),
    index: s.index,
    ...(s.sid ? { sid: s.sid } : {}),
    effect: s.effect,
    applies,
    ...(principal ? { principal } : {}),
    action,
    ...(resource ? { resource } : {}),
    conditions,
  };
}

function listCheck(
  what: string,
  list: string[] | undefined,
  notList: string[] | undefined,
  matches: (p: string) => boolean,
  value: string,
): Check {
  const patterns = list ?? notList ?? [];
  const hit = patterns.find(matches);
  if (list)
    return {
      matched: hit !== undefined,
      why:
        hit !== undefined
          ? `${what} ${value} matches ${JSON.stringify(hit)}`
          : `${what} ${value} is not in ${JSON.stringify(patterns)}`,
    };
  return {
    matched: hit === undefined,
    why:
      hit === undefined
        ? `${what} ${value} is outside Not${cap(what)} ${JSON.stringify(patterns)}`
        : `${what} ${value} is excluded by Not${cap(what)} ${JSON.stringify(hit)}`,
  };
}

const cap = (s: string) => s[0].toUpperCase() + s.slice(1);

function principalCheck(s: Statement, who: RequestPrincipal): Check {
  const name = who.type === 'Service' ? `service ${who.id}` : who.arn;
  if (s.principal) {
    const hit = principalHit(s.principal, who);
    return {
      matched: hit !== undefined,
      why:
        hit !== undefined
          ? `principal ${name} matches ${hit}`
          : `principal ${name} is not named in Principal ${describePrincipals(s.principal)}`,
    };
  }
  const hit = principalHit(s.notPrincipal!, who);
  return {
    matched: hit === undefined,
    why:
      hit === undefined
        ? `principal ${name} is not excluded by NotPrincipal`
        : `principal ${name} is excluded by NotPrincipal ${hit}`,
  };
}

const describePrincipals = (p: Principals) => (p.any ? '"*"' : JSON.stringify(p.byType));

/** Which principal entry names the caller, as written in the policy, or undefined. */
function principalHit(p: Principals, who: RequestPrincipal): string | undefined {
  if (p.any) return '"*"';
  if (who.type === 'Service') {
    const hit = (p.byType.Service ?? []).find((v) => v.toLowerCase() === who.id.toLowerCase());
    return hit !== undefined ? `{"Service":"${hit}"}` : undefined;
  }
  const hit = (p.byType.AWS ?? []).find((v) => awsPrincipalNames(v, who));
  return hit !== undefined ? `{"AWS":"${hit}"}` : undefined;
}

/**
 * An account id or its root ARN names every principal of the account (the account then decides
 * through its own policies); a role ARN names that role's sessions; "*" names everyone.
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html)
 */
function awsPrincipalNames(value: string, who: { arn: string; account: string }): boolean {
  if (value === '*' || value === who.arn || value === who.account) return true;
  if (/^arn:[^:]+:iam::\d{12}:root$/.test(value) && value.split(':')[4] === who.account) return true;
  const session = /^arn:[^:]+:sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(who.arn);
  if (session) {
    const role = /^arn:[^:]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(value);
    return role !== null && role[1] === session[1] && role[2] === session[2];
  }
  return false;
}
