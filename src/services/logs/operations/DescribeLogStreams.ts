import type { DescribeLogStreamsRequest, DescribeLogStreamsResponse } from '@aws-sdk/client-cloudwatch-logs';
import type { Operation } from '../../context.js';
import { InvalidParameterException } from '../../../generated/logs/errors.js';
import { scopeOf } from '../../../kernel/operation.js';
import { groupNameOf, pagePosition, pageToken, requireGroup, streamView } from '../groups.js';

const DescribeLogStreams: Operation<DescribeLogStreamsRequest, DescribeLogStreamsResponse> = async (
  deps,
  ctx,
  input,
) => {
  const scope = scopeOf(ctx);
  // what this process's functions logged a moment ago is waiting to be written: written first
  await deps.store.writtenBehind();
  const group = groupNameOf(scope, input);
  const byTime = input.orderBy === 'LastEventTime';
  // "If you order the results by event time, you cannot specify the logStreamNamePrefix
  // parameter" (API reference); the text is cognate's.
  if (byTime && input.logStreamNamePrefix !== undefined)
    throw new InvalidParameterException('Cannot order by LastEventTime with a logStreamNamePrefix.');
  await requireGroup(deps.store.db, scope, group);
  const limit = input.limit ?? 50;
  const list = `logs:DescribeLogStreams:${scope.account}:${scope.region}:${group}:${input.logStreamNamePrefix ?? ''}:${input.orderBy ?? ''}:${input.descending ? 1 : 0}`;
  const offset = Number(pagePosition(input.nextToken, list, 1)?.[0] ?? 0);
  const rows = (
    await deps.store.db
      .selectFrom('log_streams')
      .selectAll()
      .where('account', '=', scope.account)
      .where('region', '=', scope.region)
      .where('group_name', '=', group)
      .execute()
  ).filter((s) => !input.logStreamNamePrefix || s.name.startsWith(input.logStreamNamePrefix));
  const key = (s: (typeof rows)[number]) => (byTime ? String(s.last_event_at ?? 0).padStart(16, '0') : '') + s.name;
  rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  if (input.descending) rows.reverse();
  const page = rows.slice(offset, offset + limit);
  return {
    logStreams: page.map(streamView),
    ...(rows.length > offset + limit ? { nextToken: pageToken(list, [String(offset + limit)]) } : {}),
  };
};
export default DescribeLogStreams;
