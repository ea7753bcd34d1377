import type { ListRolePoliciesRequest } from '@aws-sdk/client-iam';
import type { Operation } from '../../context.js';
import { listRolePolicies } from '../store.js';
import { pageSize } from '../wire.js';

const ListRolePolicies: Operation<ListRolePoliciesRequest, unknown> = async (deps, ctx, input) => {
  const { items, next } = await listRolePolicies(
    deps.store.db,
    ctx.caller!.account,
    input.RoleName,
    input.Marker,
    pageSize(input.MaxItems),
  );
  return { PolicyNames: items, IsTruncated: next !== undefined, ...(next !== undefined ? { Marker: next } : {}) };
};
export default ListRolePolicies;
