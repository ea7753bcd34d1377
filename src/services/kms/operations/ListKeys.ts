import type { ListKeysRequest, ListKeysResponse } from '@aws-sdk/client-kms';
import type { Operation } from '../../context.js';
import { scopeOf } from '../../../kernel/operation.js';
import { keyArn } from '../keys.js';

const ListKeys: Operation<ListKeysRequest, ListKeysResponse> = async (deps, ctx, input) => {
  const scope = scopeOf(ctx);
  const limit = input.Limit ?? 100;
  let q = deps.store.db
    .selectFrom('kms_keys')
    .select('key_id')
    .where('account', '=', scope.account)
    .where('region', '=', scope.region)
    .orderBy('key_id')
    .limit(limit + 1);
  // The marker is the last key id of the previous page.
  if (input.Marker) q = q.where('key_id', '>', input.Marker);
  const rows = await q.execute();
  const page = rows.slice(0, limit);
  const more = rows.length > limit;
  return {
    Keys: page.map((r) => ({ KeyId: r.key_id, KeyArn: keyArn(scope, r.key_id) })),
    Truncated: more,
    ...(more ? { NextMarker: page.at(-1)!.key_id } : {}),
  };
};
export default ListKeys;
