import type { TagResourceRequest, TagResourceResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { updatePool } from '../pools/store.js';
import { checkTagCount, poolByArn } from '../pools/tags.js';

/** Adds tags to a pool, replacing the values of keys it has. */
const TagResource: Operation<TagResourceRequest, TagResourceResponse> = async (deps, ctx, input) => {
  const pool = await poolByArn(deps.store.db, callerOf(ctx), input.ResourceArn);
  const UserPoolTags = { ...pool.config.UserPoolTags, ...input.Tags };
  checkTagCount(UserPoolTags);
  await updatePool(deps.store.db, pool, { config: { ...pool.config, UserPoolTags } }, deps.now());
  return {};
};
export default TagResource;
