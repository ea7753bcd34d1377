import type { ListPoliciesRequest } from '@aws-sdk/client-iam';
import type { Operation } from '../../context.js';
import { findPolicy, listCustomerPolicies, type ManagedPolicy } from '../store.js';
import { awsManagedPolicies } from '../aws-managed.js';
import { pageSize, policyType } from '../wire.js';

/**
 * Scope All (the default) lists the AWS managed policies cognate knows, then the account's own
 * (Local); OnlyAttached keeps those attached to a role; PathPrefix filters on the path. A list of
 * at most a few hundred, so it is paged in memory; the marker is the position of the next one.
 */
const ListPolicies: Operation<ListPoliciesRequest, unknown> = async (deps, ctx, input) => {
  const { account } = ctx.caller!;
  const scope = input.Scope ?? 'All';
  const policies: ManagedPolicy[] = [];
  if (scope !== 'Local')
    for (const arn of awsManagedPolicies.keys()) policies.push((await findPolicy(deps.store.db, account, arn))!);
  if (scope !== 'AWS') policies.push(...(await listCustomerPolicies(deps.store.db, account)));
  const kept = policies.filter(
    (p) => p.path.startsWith(input.PathPrefix ?? '/') && (!input.OnlyAttached || p.attachmentCount > 0),
  );
  const from =
    input.Marker !== undefined
      ? Math.max(0, Number.parseInt(Buffer.from(input.Marker, 'base64url').toString('utf8'), 10) || 0)
      : 0;
  const end = from + pageSize(input.MaxItems);
  return {
    Policies: kept.slice(from, end).map(policyType),
    IsTruncated: end < kept.length,
    ...(end < kept.length ? { Marker: Buffer.from(String(end), 'utf8').toString('base64url') } : {}),
  };
};
export default ListPolicies;
