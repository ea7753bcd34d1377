import type { GetPolicyRequest } from '@aws-sdk/client-iam';
import { NoSuchEntityException } from '../../../generated/iam/errors.js';
import type { Operation } from '../../context.js';
import { findPolicy } from '../store.js';
import { checkPolicyArn, policyType } from '../wire.js';

const GetPolicy: Operation<GetPolicyRequest, unknown> = async (deps, ctx, input) => {
  checkPolicyArn(input.PolicyArn);
  const policy = await findPolicy(deps.store.db, ctx.caller!.account, input.PolicyArn);
  if (!policy) throw new NoSuchEntityException(`Policy ${input.PolicyArn} was not found.`);
  return { Policy: policyType(policy) };
};
export default GetPolicy;
