import type { DetachRolePolicyRequest } from '@aws-sdk/client-iam';
import type { Operation } from '../../context.js';
import { detachRolePolicy } from '../store.js';
import { checkPolicyArn } from '../wire.js';

const DetachRolePolicy: Operation<DetachRolePolicyRequest, void> = async (deps, ctx, input) => {
  checkPolicyArn(input.PolicyArn);
  await deps.store.tx((trx) => detachRolePolicy(trx, ctx.caller!.account, input.RoleName, input.PolicyArn));
};
export default DetachRolePolicy;
