import type { GetRoleRequest } from '@aws-sdk/client-iam';
import type { Operation } from '../../context.js';
import { getRole } from '../store.js';
import { roleType } from '../wire.js';

const GetRole: Operation<GetRoleRequest, unknown> = async (deps, ctx, input) => ({
  Role: roleType(await getRole(deps.store.db, ctx.caller!.account, input.RoleName), 'get'),
});
export default GetRole;
