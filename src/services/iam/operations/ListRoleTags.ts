import type { ListRoleTagsRequest } from '@aws-sdk/client-iam';
import type { Operation } from '../../context.js';
import { getRole } from '../store.js';
import { pageSize } from '../wire.js';

/** A role has at most 50 tags; the marker is the position of the next one. */
const ListRoleTags: Operation<ListRoleTagsRequest, unknown> = async (deps, ctx, input) => {
  const tags = (await getRole(deps.store.db, ctx.caller!.account, input.RoleName)).tags ?? [];
  const from =
    input.Marker !== undefined
      ? Math.max(0, Number.parseInt(Buffer.from(input.Marker, 'base64url').toString('utf8'), 10) || 0)
      : 0;
  const end = from + pageSize(input.MaxItems);
  return {
    Tags: tags.slice(from, end),
    IsTruncated: end < tags.length,
    ...(end < tags.length ? { Marker: Buffer.from(String(end), 'utf8').toString('base64url') } : {}),
  };
};
export default ListRoleTags;
