import type { GetRolePolicyRequest } from '@aws-sdk/client-iam';
import type { Operation } from '../../context.js';
import { getRole, getRolePolicy } from '../store.js';
import { encodeDocument } from '../wire.js';

const GetRolePolicy: Operation<GetRolePolicyRequest, unknown> = async (deps, ctx, input) => {
  const role = await getRole(deps.store.db, ctx.caller!.account, input.RoleName);
  const document = await getRolePolicy(deps.store.db, ctx.caller!.account, input.RoleName, input.PolicyName);
  return { RoleName: role.name, PolicyName: input.PolicyName, PolicyDocument: encodeDocument(document) };
};
export default GetRolePolicy;
