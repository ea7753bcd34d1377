import type { UntagResourceRequest, UntagResourceResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { updatePool } from '../pools/store.js';
import { poolByArn } from '../pools/tags.js';

/** Removes the named tags from a pool; a key it does not have is no error. */
const UntagResource: Operation<UntagResourceRequest, UntagResourceResponse> = async (deps, ctx, input) => {
  const pool = await poolByArn(deps.store.db, callerOf(ctx), input.ResourceArn);
  const UserPoolTags = Object.fromEntries(
    Object.entries(pool.config.UserPoolTags ?? {}).filter(([key]) => !input.TagKeys.includes(key)),
  );
  await updatePool(deps.store.db, pool, { config: { ...pool.config, UserPoolTags } }, deps.now());
  return {};
};
export default UntagResource;
