import type { ListAttachedRolePoliciesRequest } from '@aws-sdk/client-iam';
import type { Operation } from '../../context.js';
import { listAttachedRolePolicies } from '../store.js';
import { pageSize } from '../wire.js';

const ListAttachedRolePolicies: Operation<ListAttachedRolePoliciesRequest, unknown> = async (deps, ctx, input) => {
  const { items, next } = await listAttachedRolePolicies(
    deps.store.db,
    ctx.caller!.account,
    input.RoleName,
    input.PathPrefix ?? '/',
    input.Marker,
    pageSize(input.MaxItems),
  );
  return {
    AttachedPolicies: items.map((p) => ({ PolicyName: p.name, PolicyArn: p.arn })),
    IsTruncated: next !== undefined,
    ...(next !== undefined ? { Marker: next } : {}),
  };
};
export default ListAttachedRolePolicies;
