import type { ListTagsRequest, ListTagsResponse } from '@aws-sdk/client-lambda';
import type { Operation } from '../../context.js';
import { scopeOf } from '../../../kernel/operation.js';
import { taggedFunction } from '../tags.js';

const ListTags: Operation<ListTagsRequest, ListTagsResponse> = async (deps, ctx, input) => {
  const row = await taggedFunction(deps.store.db, scopeOf(ctx), input.Resource);
  return { Tags: JSON.parse(row.tags) };
};
export default ListTags;
