import type { PutLogEventsRequest, PutLogEventsResponse } from '@aws-sdk/client-cloudwatch-logs';
import type { Operation } from '../../context.js';
import { InvalidParameterException } from '../../../generated/logs/errors.js';
import { scopeOf } from '../../../kernel/operation.js';
import { appendLogEvents, eventSize } from '../../../store/log-events.js';
import { noSuchGroup, noSuchStream, requireGroup } from '../groups.js';

// PutLogEvents' limits (API reference): a batch of at most 1,048,576 bytes (each event's UTF-8
// size plus 26), at most 10,000 events, in chronological order, spanning at most 24 hours; events
// more than 2 hours ahead, or older than 14 days (or the group's retention), are not stored but
// reported in rejectedLogEventsInfo. The sequence token is ignored, as AWS ignores it since 2023.
const MAX_BATCH_BYTES = 1_048_576;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const PutLogEvents: Operation<PutLogEventsRequest, PutLogEventsResponse> = async (deps, ctx, input) => {
  const scope = scopeOf(ctx);
  const now = deps.now();
  const events = input.logEvents;
  // The texts of these three refusals are not on record: cognate's words.
  if (events.reduce((n, e) => n + eventSize(e.message), 0) > MAX_BATCH_BYTES)
    throw new InvalidParameterException(`Upload too large: the batch exceeds ${MAX_BATCH_BYTES} bytes.`);
  for (let i = 1; i < events.length; i++)
    if (events[i].timestamp < events[i - 1].timestamp)
      throw new InvalidParameterException(
        'Log events in a single PutLogEvents request must be in chronological order.',
      );
  if (events.length > 1 && events[events.length - 1].timestamp - events[0].timestamp > DAY)
    throw new InvalidParameterException(
      'The batch of log events in a single PutLogEvents request cannot span more than 24 hours.',
    );
  const group = await requireGroup(deps.store.db, scope, input.logGroupName);
  const oldest = now - Math.min(14, group.retention_days ?? 14) * DAY;
  const rejected: NonNullable<PutLogEventsResponse['rejectedLogEventsInfo']> = {};
  const kept = events.filter((e, i) => {
    if (e.timestamp > now + 2 * HOUR) {
      rejected.tooNewLogEventStartIndex ??= i;
      return false;
    }
    if (e.timestamp < oldest) {
      rejected.tooOldLogEventEndIndex = i;
      return false;
    }
    return true;
  });
  const outcome = await deps.store.tx((trx) =>
    appendLogEvents(
      trx,
      { ...scope, group: input.logGroupName, stream: input.logStreamName },
      kept.map((e) => ({ timestamp: e.timestamp, message: e.message })),
      now,
    ),
  );
  if (outcome === 'no-group') throw noSuchGroup();
  if (outcome === 'no-stream') throw noSuchStream();
  return {
    nextSequenceToken: String(now).padStart(56, '0'),
    ...(Object.keys(rejected).length ? { rejectedLogEventsInfo: rejected } : {}),
  };
};
export default PutLogEvents;
