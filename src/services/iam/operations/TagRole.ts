import type { TagRoleRequest } from '@aws-sdk/client-iam';
import type { Operation } from '../../context.js';
import { changeRoleTags } from '../store.js';

const TagRole: Operation<TagRoleRequest, void> = async (deps, ctx, input) => {
  const added = (input.Tags ?? []).map((t) => ({ Key: t.Key, Value: t.Value }));
  await deps.store.tx((trx) =>
    changeRoleTags(trx, ctx.caller!.account, input.RoleName, (tags) => [
      ...tags.filter((t) => !added.some((a) => a.Key.toLowerCase() === t.Key.toLowerCase())),
      ...added,
    ]),
  );
};
export default TagRole;
