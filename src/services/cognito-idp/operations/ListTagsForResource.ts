import type {
  ListTagsForResourceRequest,
  ListTagsForResourceResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { poolByArn } from '../pools/tags.js';

const ListTagsForResource: Operation<ListTagsForResourceRequest, ListTagsForResourceResponse> = async (
  deps,
  ctx,
  input,
) => {
  const pool = await poolByArn(deps.store.db, callerOf(ctx), input.ResourceArn);
  return { Tags: pool.config.UserPoolTags ?? {} };
};
export default ListTagsForResource;
