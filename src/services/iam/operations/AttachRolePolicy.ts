import type { AttachRolePolicyRequest } from '@aws-sdk/client-iam';
import type { Operation } from '../../context.js';
import { attachRolePolicy } from '../store.js';
import { checkPolicyArn } from '../wire.js';

/** Attaching twice is a no-op, as in IAM. */
const AttachRolePolicy: Operation<AttachRolePolicyRequest, void> = async (deps, ctx, input) => {
  checkPolicyArn(input.PolicyArn);
  await deps.store.tx((trx) => attachRolePolicy(trx, ctx.caller!.account, input.RoleName, input.PolicyArn, deps.now()));
};
export default AttachRolePolicy;
