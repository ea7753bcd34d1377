import type { SimulatePrincipalPolicyRequest } from '@aws-sdk/client-iam';
import { InvalidInputException, NoSuchEntityException } from '../../../generated/iam/errors.js';
import type { Operation } from '../../context.js';
import { findRoleByArn, parseRoleArn } from '../access.js';
import { awsManagedPolicies } from '../aws-managed.js';
import { rolePermissionPolicies } from '../store.js';
import { simulate, type SimulatedPolicy } from '../simulate.js';

/** A role's inline and attached policies (roles are cognate's only principals), plus any given. */
const SimulatePrincipalPolicy: Operation<SimulatePrincipalPolicyRequest, unknown> = async (deps, _ctx, input) => {
  const arn = input.PolicySourceArn;
  const parts = parseRoleArn(arn);
  // Users and groups are not built: cognate's words. The role not found is IAM's text (store.ts).
  if (!parts) throw new InvalidInputException(`Invalid principal ${arn}: cognate simulates roles only.`);
  const role = await findRoleByArn(deps.store.db, arn);
  if (!role) throw new NoSuchEntityException(`The role with name ${parts.name} cannot be found.`);
  const own: SimulatedPolicy[] = (await rolePermissionPolicies(deps.store.db, role.account, role.name)).map((p) => ({
    id: p.name,
    text: p.document,
    type: p.name.startsWith('arn:')
      ? awsManagedPolicies.has(p.name)
        ? 'aws-managed'
        : 'user-managed'
      : ('role' as const),
  }));
  // PolicyExclusionList names policies by ARN, by inline name and holder, or by kind.
  const excluded = (p: SimulatedPolicy) =>
    (input.PolicyExclusionList ?? []).some(
      (x) =>
        (x.PolicyArn !== undefined && x.PolicyArn === p.id) ||
        (x.InlinePolicyIdentifier !== undefined &&
          p.type === 'role' &&
          x.InlinePolicyIdentifier.PolicyName === p.id &&
          x.InlinePolicyIdentifier.AttachmentType === 'role' &&
          x.InlinePolicyIdentifier.AttachmentName?.toLowerCase() === role.name.toLowerCase()) ||
        (x.PolicyType !== undefined && x.PolicyType === (p.type === 'role' ? 'inline' : p.type)),
    );
  const extra = (input.PolicyInputList ?? []).map(
    (text, i): SimulatedPolicy => ({ id: `PolicyInputList.${i + 1}`, type: 'none', text }),
  );
  return {
    EvaluationResults: simulate(
      [...own.filter((p) => !excluded(p)), ...extra],
      input.ActionNames ?? [],
      input.ResourceArns,
      input.ContextEntries,
    ),
    IsTruncated: false,
  };
};
export default SimulatePrincipalPolicy;
