import type { UntagRoleRequest } from '@aws-sdk/client-iam';
import type { Operation } from '../../context.js';
import { changeRoleTags } from '../store.js';

/** Keys that are not there are ignored, as in IAM. */
const UntagRole: Operation<UntagRoleRequest, void> = async (deps, ctx, input) => {
  const gone = new Set((input.TagKeys ?? []).map((k) => k.toLowerCase()));
  await deps.store.tx((trx) =>
    changeRoleTags(trx, ctx.caller!.account, input.RoleName, (tags) =>
      tags.filter((t) => !gone.has(t.Key.toLowerCase())),
    ),
  );
};
export default UntagRole;
