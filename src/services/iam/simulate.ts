// IAM's policy simulator (SimulateCustomPolicy, SimulatePrincipalPolicy) on cognate's evaluator:
// each action × resource evaluated against the policies given, answering allowed, explicitDeny or
// implicitDeny, the statements that decided and the context keys the conditions asked for but the
// request lacked (https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html).
// Statement positions in the document (StartPosition/EndPosition) are not reported.
import type { ContextEntry, EvaluationResult } from '@aws-sdk/client-iam';
import { InvalidInputException } from '../../generated/iam/errors.js';
import { parsePolicy, PolicyError } from '../../policy/document.js';
import { evaluate, type NamedPolicy } from '../../policy/evaluate.js';

export interface SimulatedPolicy {
  /** SourcePolicyId as AWS reports it: the inline policy's name, the managed policy's ARN, `PolicyInputList.n` */
  id: string;
  type: 'role' | 'aws-managed' | 'user-managed' | 'none';
  text: string;
}

const DECISIONS = { Allow: 'allowed', ExplicitDeny: 'explicitDeny', ImplicitDeny: 'implicitDeny' } as const;

export function simulate(
  policies: SimulatedPolicy[],
  actions: string[],
  resources: string[] | undefined,
  entries: ContextEntry[] | undefined,
): EvaluationResult[] {
  const named: NamedPolicy[] = policies.map((p) => {
    try {
      return { name: p.id, document: parsePolicy(p.text, 'identity') };
    } catch (e) {
      // The simulator's text for a policy it cannot parse is not on record: cognate's words,
      // naming the policy before IAM's own MalformedPolicyDocument reason.
      if (e instanceof PolicyError) throw new InvalidInputException(`${p.id}: ${e.message}`);
      throw e;
    }
  });
  const types = new Map(policies.map((p) => [p.id, p.type]));
  const context: Record<string, string[]> = {};
  for (const e of entries ?? []) if (e.ContextKeyName) context[e.ContextKeyName] = e.ContextKeyValues ?? [];
  const results: EvaluationResult[] = [];
  for (const action of actions) {
    for (const resource of resources?.length ? resources : ['*']) {
      const d = evaluate(named, { action, resource, context });
      const decisive =
        d.decision === 'ImplicitDeny' ? [] : d.statements.filter((s) => s.applies && s.effect === d.decidedBy!.effect);
      // Keys a condition needed from a statement whose action and resource matched.
      const missing = new Set(
        d.statements
          .filter((s) => s.action.matched && (s.resource?.matched ?? true))
          .flatMap((s) => s.conditions.filter((c) => c.requestValues === undefined).map((c) => c.key)),
      );
      results.push({
        EvalActionName: action,
        EvalResourceName: resource,
        EvalDecision: DECISIONS[d.decision],
        MatchedStatements: decisive.map((s) => ({ SourcePolicyId: s.policy, SourcePolicyType: types.get(s.policy!) })),
        MissingContextValues: [...missing],
      });
    }
  }
  return results;
}
