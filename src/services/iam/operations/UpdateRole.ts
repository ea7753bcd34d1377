import type { UpdateRoleRequest } from '@aws-sdk/client-iam';
import type { Operation } from '../../context.js';
import { updateRole } from '../store.js';

const UpdateRole: Operation<UpdateRoleRequest, unknown> = async (deps, ctx, input) => {
  await deps.store.tx((trx) =>
    updateRole(trx, ctx.caller!.account, input.RoleName, {
      description: input.Description,
      maxSessionDuration: input.MaxSessionDuration,
    }),
  );
  return {};
};
export default UpdateRole;
