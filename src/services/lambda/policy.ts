// A function's resource-based policy (lambda_policies, one document per function and qualifier), as
// AddPermission builds it (Lambda developer guide, "Using resource-based policies for Lambda"), and
// the decision whether a principal may invoke the function, made by the IAM evaluator.
import type { Scope } from '../../kernel/caller.js';
import type { Db } from '../../store/store.js';
import { prepared } from '../../store/prepared.js';
import { parsePolicy } from '../../policy/document.js';
import { evaluate, type Decision, type RequestPrincipal } from '../../policy/evaluate.js';
import { functionArn } from './names.js';

export interface PolicyDoc {
  Version: string;
  Id: string;
  Statement: Record<string, unknown>[];
}

export async function readPolicy(
  db: Db,
  scope: Scope,
  name: string,
  qualifier = '',
): Promise<{ doc: PolicyDoc; revision: string } | undefined> {
  const row = await db
    .selectFrom('lambda_policies')
    .select(['policy', 'revision_id'])
    .where('account', '=', scope.account)
    .where('region', '=', scope.region)
    .where('function_name', '=', name)
    .where('qualifier', '=', qualifier)
    .executeTakeFirst();
  return row ? { doc: JSON.parse(row.policy), revision: row.revision_id } : undefined;
}

/** AddPermission's input made into the statement Lambda writes. */
export function statementOf(
  scope: Scope,
  name: string,
  qualifier: string | undefined,
  input: {
    StatementId: string;
    Action: string;
    Principal: string;
    SourceArn?: string;
    SourceAccount?: string;
    PrincipalOrgID?: string;
    EventSourceToken?: string;
    FunctionUrlAuthType?: string;
  },
): Record<string, unknown> {
  const principal = input.Principal.includes('.amazonaws.com')
    ? { Service: input.Principal }
    : /^\d{12}$/.test(input.Principal)
      ? { AWS: `arn:aws:iam::${input.Principal}:root` }
      : input.Principal === '*'
        ? '*'
        : { AWS: input.Principal };
  const condition: Record<string, Record<string, string>> = {};
  if (input.SourceAccount) (condition.StringEquals ??= {})['AWS:SourceAccount'] = input.SourceAccount;
  if (input.PrincipalOrgID) (condition.StringEquals ??= {})['aws:PrincipalOrgID'] = input.PrincipalOrgID;
  if (input.EventSourceToken) (condition.StringEquals ??= {})['lambda:EventSourceToken'] = input.EventSourceToken;
  if (input.FunctionUrlAuthType)
    (condition.StringEquals ??= {})['lambda:FunctionUrlAuthType'] = input.FunctionUrlAuthType;
  if (input.SourceArn) condition.ArnLike = { 'AWS:SourceArn': input.SourceArn };
  return {
    Sid: input.StatementId,
    Effect: 'Allow',
    Principal: principal,
    Action: input.Action,
    Resource: functionArn(scope, name, qualifier),
    ...(Object.keys(condition).length ? { Condition: condition } : {}),
  };
}

// Parsed documents by their text: a trigger's policy is read on every call and seldom changes.
const parsed = new Map<string, ReturnType<typeof parsePolicy>>();
function parsedPolicy(text: string): ReturnType<typeof parsePolicy> {
  let doc = parsed.get(text);
  if (!doc) {
    if (parsed.size >= 1000) parsed.clear();
    doc = parsePolicy(text, 'resource');
    parsed.set(text, doc);
  }
  return doc;
}

// Compiled once (prepared.ts): read on every trigger call.
const policies = prepared<'account' | 'region' | 'name' | 'qualifier', { qualifier: string; policy: string }>((db, $) =>
  db
    .selectFrom('lambda_policies')
    .select(['qualifier', 'policy'])
    .where('account', '=', $('account'))
    .where('region', '=', $('region'))
    .where('function_name', '=', $('name'))
    .where('qualifier', 'in', ['', $('qualifier')]),
);

export interface InvokeDecision {
  decision: Decision;
  /** the policy evaluated; undefined when the function has none */
  policy?: PolicyDoc;
}

/**
 * Whether `principal` may invoke the function version `resource` names, with `context` (aws:SourceArn,
 * aws:SourceAccount): the policy of the qualifier the caller named (an alias's or version's), else
 * the function's own, as Lambda reads them. No policy is the default deny.
 */
export async function mayInvoke(
  db: Db,
  scope: Scope,
  name: string,
  qualifier: string | undefined,
  principal: RequestPrincipal,
  context: Record<string, string>,
): Promise<InvokeDecision> {
  // One read for the function's policy and the qualifier's ('' twice for the function alone).
  const rows = await policies.all(db, {
    account: scope.account,
    region: scope.region,
    name,
    qualifier: qualifier ?? '',
  });
  const texts = rows.sort((a, b) => a.qualifier.localeCompare(b.qualifier)).map((r) => r.policy);
  const decision = evaluate(
    texts.map((t) => ({ document: parsedPolicy(t) })),
    { principal, action: 'lambda:InvokeFunction', resource: functionArn(scope, name, qualifier), context },
  );
  return { decision, ...(texts.length ? { policy: JSON.parse(texts.at(-1)!) as PolicyDoc } : {}) };
}
