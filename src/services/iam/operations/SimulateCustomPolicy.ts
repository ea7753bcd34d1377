import type { SimulateCustomPolicyRequest } from '@aws-sdk/client-iam';
import type { Operation } from '../../context.js';
import { simulate } from '../simulate.js';

/** The policies given, evaluated as a principal's identity policies (no resource policy, no boundary). */
const SimulateCustomPolicy: Operation<SimulateCustomPolicyRequest, unknown> = async (_deps, _ctx, input) => {
  const policies = (input.PolicyInputList ?? []).map((text, i) => ({
    id: `PolicyInputList.${i + 1}`,
    type: 'none' as const,
    text,
  }));
  return {
    EvaluationResults: simulate(policies, input.ActionNames ?? [], input.ResourceArns, input.ContextEntries),
    IsTruncated: false,
  };
};
export default SimulateCustomPolicy;
