import type { ListInstanceProfilesForRoleRequest } from '@aws-sdk/client-iam';
import type { Operation } from '../../context.js';
import { getRole } from '../store.js';

/**
 * cognate has no instance profiles, so a role is in none; tools that delete roles (Terraform's
 * aws_iam_role) ask before they do.
 */
const ListInstanceProfilesForRole: Operation<ListInstanceProfilesForRoleRequest, unknown> = async (
  deps,
  ctx,
  input,
) => {
  await getRole(deps.store.db, ctx.caller!.account, input.RoleName);
  return { InstanceProfiles: [], IsTruncated: false };
};
export default ListInstanceProfilesForRole;
