import type { DeletePolicyRequest } from '@aws-sdk/client-iam';
import type { Operation } from '../../context.js';
import { deletePolicy } from '../store.js';
import { checkPolicyArn } from '../wire.js';

/** Refused with DeleteConflict while the policy is attached to a role. */
const DeletePolicy: Operation<DeletePolicyRequest, void> = async (deps, ctx, input) => {
  checkPolicyArn(input.PolicyArn);
  await deps.store.tx((trx) => deletePolicy(trx, ctx.caller!.account, input.PolicyArn));
};
export default DeletePolicy;
