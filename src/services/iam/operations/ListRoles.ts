import type { ListRolesRequest } from '@aws-sdk/client-iam';
import type { Operation } from '../../context.js';
import { listRoles } from '../store.js';
import { pageSize, roleType } from '../wire.js';

const ListRoles: Operation<ListRolesRequest, unknown> = async (deps, ctx, input) => {
  const { items, next } = await listRoles(
    deps.store.db,
    ctx.caller!.account,
    input.PathPrefix ?? '/',
    input.Marker,
    pageSize(input.MaxItems),
  );
  return {
    Roles: items.map((r) => roleType(r, 'list')),
    IsTruncated: next !== undefined,
    ...(next !== undefined ? { Marker: next } : {}),
  };
};
export default ListRoles;
