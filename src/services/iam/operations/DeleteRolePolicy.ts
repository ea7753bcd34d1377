import type { DeleteRolePolicyRequest } from '@aws-sdk/client-iam';
import type { Operation } from '../../context.js';
import { deleteRolePolicy } from '../store.js';

const DeleteRolePolicy: Operation<DeleteRolePolicyRequest, void> = async (deps, ctx, input) => {
  await deps.store.tx((trx) => deleteRolePolicy(trx, ctx.caller!.account, input.RoleName, input.PolicyName));
};
export default DeleteRolePolicy;
