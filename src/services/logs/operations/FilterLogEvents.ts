import type { FilterLogEventsRequest, FilterLogEventsResponse } from '@aws-sdk/client-cloudwatch-logs';
import type { Operation } from '../../context.js';
import { InvalidParameterException } from '../../../generated/logs/errors.js';
import { scopeOf } from '../../../kernel/operation.js';
import { filterPattern } from '../filter-pattern.js';
import { groupNameOf, pagePosition, pageToken, requireGroup } from '../groups.js';

// Events of a log group in time order (then ingestion order), from every stream or the named
// ones, between startTime and endTime (both inclusive), matching the filter pattern; at most
// `limit` (default 10,000) a page. AWS may return an empty page with a nextToken while it
// searches; cognate searches the whole range at once, so a page ends only at the limit.
const SCAN = 1000;

const FilterLogEvents: Operation<FilterLogEventsRequest, FilterLogEventsResponse> = async (deps, ctx, input) => {
  const scope = scopeOf(ctx);
  // what this process's functions logged a moment ago is waiting to be written: written first
  await deps.store.writtenBehind();
  const group = groupNameOf(scope, input);
  // "If you specify a value for both logStreamNamePrefix and logStreamNames, the action returns an
  // InvalidParameterException error" (API reference); the text is cognate's.
  if (input.logStreamNames !== undefined && input.logStreamNamePrefix !== undefined)
    throw new InvalidParameterException('logStreamNames and logStreamNamePrefix are mutually exclusive.');
  await requireGroup(deps.store.db, scope, group);
  const matches = filterPattern(input.filterPattern);
  const limit = input.limit ?? 10_000;
  const list = `logs:FilterLogEvents:${scope.account}:${scope.region}:${group}:${JSON.stringify([input.logStreamNames, input.logStreamNamePrefix, input.startTime, input.endTime, input.filterPattern])}`;
  let after = pagePosition(input.nextToken, list, 2);
  const events: NonNullable<FilterLogEventsResponse['events']> = [];
  let more = false;
  for (;;) {
    let q = deps.store.db
      .selectFrom('log_events')
      .select(['stream_name', 'timestamp', 'message', 'ingestion_time', 'event_id'])
      .where('account', '=', scope.account)
      .where('region', '=', scope.region)
      .where('group_name', '=', group);
    if (input.logStreamNames) q = q.where('stream_name', 'in', input.logStreamNames);
    if (input.logStreamNamePrefix) q = q.where('stream_name', '>=', input.logStreamNamePrefix);
    if (input.startTime !== undefined) q = q.where('timestamp', '>=', input.startTime);
    if (input.endTime !== undefined) q = q.where('timestamp', '<=', input.endTime);
    if (after) {
      const [ts, id] = [Number(after[0]), after[1]];
      q = q.where((eb) =>
        eb.or([eb('timestamp', '>', ts), eb.and([eb('timestamp', '=', ts), eb('event_id', '>', id)])]),
      );
    }
    const rows = await q.orderBy('timestamp').orderBy('event_id').limit(SCAN).execute();
    for (const r of rows) {
      after = [String(r.timestamp), r.event_id];
      if (input.logStreamNamePrefix && !r.stream_name.startsWith(input.logStreamNamePrefix)) continue;
      if (!matches(r.message)) continue;
      if (events.length === limit) {
        more = true;
        break;
      }
      events.push({
        logStreamName: r.stream_name,
        timestamp: Number(r.timestamp),
        message: r.message,
        ingestionTime: Number(r.ingestion_time),
        eventId: r.event_id,
      });
    }
    if (more || rows.length < SCAN) break;
  }
  const last = events[events.length - 1];
  return {
    events,
    ...(more && last ? { nextToken: pageToken(list, [String(last.timestamp), last.eventId as string]) } : {}),
  };
};
export default FilterLogEvents;
