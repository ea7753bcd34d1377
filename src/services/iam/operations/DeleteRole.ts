import type { DeleteRoleRequest } from '@aws-sdk/client-iam';
import type { Operation } from '../../context.js';
import { deleteRole } from '../store.js';

/** Refused with DeleteConflict while inline or attached policies remain, as IAM does. */
const DeleteRole: Operation<DeleteRoleRequest, void> = async (deps, ctx, input) => {
  await deps.store.tx((trx) => deleteRole(trx, ctx.caller!.account, input.RoleName));
};
export default DeleteRole;
