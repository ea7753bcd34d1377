import type { UntagResourceRequest } from '@aws-sdk/client-lambda';
import type { Operation } from '../../context.js';
import { scopeOf } from '../../../kernel/operation.js';
import { setTags, taggedFunction } from '../tags.js';

const UntagResource: Operation<UntagResourceRequest, void> = async (deps, ctx, input) => {
  const scope = scopeOf(ctx);
  const row = await taggedFunction(deps.store.db, scope, input.Resource);
  const tags = JSON.parse(row.tags) as Record<string, string>;
  for (const key of input.TagKeys) delete tags[key];
  await setTags(deps.store.db, scope, row.name, tags);
};
export default UntagResource;
