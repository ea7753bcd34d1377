import type { DescribeLogGroupsRequest, DescribeLogGroupsResponse } from '@aws-sdk/client-cloudwatch-logs';
import type { Operation } from '../../context.js';
import { InvalidParameterException } from '../../../generated/logs/errors.js';
import { scopeOf } from '../../../kernel/operation.js';
import { groupView, pagePosition, pageToken } from '../groups.js';

const DescribeLogGroups: Operation<DescribeLogGroupsRequest, DescribeLogGroupsResponse> = async (deps, ctx, input) => {
  const scope = scopeOf(ctx);
  // what this process's functions logged a moment ago is waiting to be written: written first
  await deps.store.writtenBehind();
  // "You can specify only one of logGroupNamePrefix, logGroupNamePattern": API reference; the
  // refusal's text is cognate's.
  if (input.logGroupNamePrefix !== undefined && input.logGroupNamePattern !== undefined)
    throw new InvalidParameterException('LogGroupNamePrefix and LogGroupNamePattern are mutually exclusive.');
  const limit = input.limit ?? 50;
  const list = `logs:DescribeLogGroups:${scope.account}:${scope.region}:${input.logGroupNamePrefix ?? ''}:${input.logGroupNamePattern ?? ''}:${input.logGroupClass ?? ''}`;
  const after = pagePosition(input.nextToken, list, 1);
  let q = deps.store.db
    .selectFrom('log_groups')
    .selectAll()
    .where('account', '=', scope.account)
    .where('region', '=', scope.region)
    .orderBy('name');
  if (after) q = q.where('name', '>', after[0]);
  if (input.logGroupClass) q = q.where('log_group_class', '=', input.logGroupClass);
  if (input.logGroupIdentifiers?.length) q = q.where('name', 'in', input.logGroupIdentifiers.map(nameOf));
  const prefix = input.logGroupNamePrefix;
  // The pattern is a case-insensitive substring (API reference, logGroupNamePattern).
  const pattern = input.logGroupNamePattern?.toLowerCase();
  const rows = (await q.execute()).filter(
    (g) => (!prefix || g.name.startsWith(prefix)) && (!pattern || g.name.toLowerCase().includes(pattern)),
  );
  const page = rows.slice(0, limit);
  return {
    logGroups: page.map(groupView),
    ...(rows.length > limit ? { nextToken: pageToken(list, [page[page.length - 1].name]) } : {}),
  };
};

/** An identifier is a name or an ARN (with or without `:*`). */
const nameOf = (id: string) => id.replace(/^arn:[^:]+:logs:[^:]*:\d*:log-group:/, '').replace(/:\*$/, '');

export default DescribeLogGroups;
