import type { ListResourceTagsRequest, ListResourceTagsResponse, Tag } from '@aws-sdk/client-kms';
import type { Operation } from '../../context.js';
import { InvalidMarkerException } from '../../../generated/kms/errors.js';
import { scopeOf } from '../../../kernel/operation.js';
import { findKey, requireAllowed } from '../keys.js';
import { callerArn } from '../wire.js';

/** The key's tags (CreateKey's `Tags`) in the order given, a page of `Limit` (default 50) at a time. */
const ListResourceTags: Operation<ListResourceTagsRequest, ListResourceTagsResponse> = async (deps, ctx, input) => {
  const scope = scopeOf(ctx);
  const row = await findKey(deps.store.db, scope, input.KeyId);
  requireAllowed(scope, row, callerArn(ctx), 'kms:ListResourceTags');
  const tags = JSON.parse(row.tags) as Tag[];
  // The marker is the position of the next tag; any other marker is not one KMS gave.
  const start = input.Marker === undefined ? 0 : Number(input.Marker);
  if (!Number.isInteger(start) || start < 0 || start > tags.length)
    throw new InvalidMarkerException('The marker that specifies where pagination should next begin is not valid.');
  const limit = input.Limit ?? 50;
  const page = tags.slice(start, start + limit);
  const more = start + limit < tags.length;
  return {
    Tags: page.map((t) => ({ TagKey: t.TagKey, TagValue: t.TagValue })),
    Truncated: more,
    ...(more ? { NextMarker: String(start + limit) } : {}),
  };
};
export default ListResourceTags;
