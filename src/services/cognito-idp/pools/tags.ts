// A user pool's tags (UserPoolTags): set by CreateUserPool, UpdateUserPool (when sent) and
// TagResource, removed by UntagResource, listed by ListTagsForResource and DescribeUserPool.
// The tagging operations name the pool by its ARN. AWS: "A user pool can have as many as 50 tags"
// (API reference, TagResource). AWS's words for more, and for an ARN that names no user pool, are
// not on record: those two texts are cognate's.
import { InvalidParameterException } from '../../../generated/cognito-idp/errors.js';
import type { Caller } from '../../../kernel/caller.js';
import type { Db } from '../../../store/store.js';
import { getPool, noSuchPool, type Pool } from './store.js';

export const MAX_TAGS = 50;

/** The pool an ARN names, as the caller sees it: a pool of another account or Region does not exist. */
export async function poolByArn(db: Db, caller: Caller, arn: string): Promise<Pool> {
  const m = /^arn:aws[a-z-]*:cognito-idp:([a-z0-9-]+):(\d{12}):userpool\/([\w-]+)$/.exec(arn);
  if (!m) throw new InvalidParameterException(`${arn} is not the ARN of a user pool.`);
  const [, region, account, poolId] = m;
  if (region !== caller.region || account !== caller.account) throw noSuchPool(poolId);
  return getPool(db, caller, poolId);
}

export function checkTagCount(tags: Record<string, string>): void {
  if (Object.keys(tags).length > MAX_TAGS)
    throw new InvalidParameterException(`A user pool can have at most ${MAX_TAGS} tags.`);
}
