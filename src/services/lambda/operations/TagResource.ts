import type { TagResourceRequest } from '@aws-sdk/client-lambda';
import type { Operation } from '../../context.js';
import { scopeOf } from '../../../kernel/operation.js';
import { setTags, taggedFunction } from '../tags.js';

const TagResource: Operation<TagResourceRequest, void> = async (deps, ctx, input) => {
  const scope = scopeOf(ctx);
  const row = await taggedFunction(deps.store.db, scope, input.Resource);
  await setTags(deps.store.db, scope, row.name, { ...JSON.parse(row.tags), ...input.Tags });
};
export default TagResource;
