import type { UpdateRoleDescriptionRequest } from '@aws-sdk/client-iam';
import type { Operation } from '../../context.js';
import { getRole, updateRole } from '../store.js';
import { roleType } from '../wire.js';

const UpdateRoleDescription: Operation<UpdateRoleDescriptionRequest, unknown> = async (deps, ctx, input) => {
  const { account } = ctx.caller!;
  const role = await deps.store.tx(async (trx) => {
    await updateRole(trx, account, input.RoleName, { description: input.Description });
    return getRole(trx, account, input.RoleName);
  });
  return { Role: roleType(role, 'get') };
};
export default UpdateRoleDescription;
