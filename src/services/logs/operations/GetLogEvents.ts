import type { GetLogEventsRequest, GetLogEventsResponse } from '@aws-sdk/client-cloudwatch-logs';
import type { Operation } from '../../context.js';
import { InvalidParameterException } from '../../../generated/logs/errors.js';
import { scopeOf } from '../../../kernel/operation.js';
import { groupNameOf, noSuchStream, requireGroup } from '../groups.js';

// GetLogEvents pages both ways from a point in the stream: `f/<key>` reads on from after the
// event `key`, `b/<key>` back from before it (AWS's tokens carry the same f/ and b/ prefixes). At
// the end of the stream the token passed in comes back, which is how clients know to stop (API
// reference, nextForwardToken). Without a token: the newest events, or with startFromHead the
// oldest. startTime is inclusive, endTime exclusive (API reference).
const GetLogEvents: Operation<GetLogEventsRequest, GetLogEventsResponse> = async (deps, ctx, input) => {
  const scope = scopeOf(ctx);
  // what this process's functions logged a moment ago is waiting to be written: written first
  await deps.store.writtenBehind();
  const group = groupNameOf(scope, input);
  await requireGroup(deps.store.db, scope, group);
  const stream = await deps.store.db
    .selectFrom('log_streams')
    .select('name')
    .where('account', '=', scope.account)
    .where('region', '=', scope.region)
    .where('group_name', '=', group)
    .where('name', '=', input.logStreamName)
    .executeTakeFirst();
  if (!stream) throw noSuchStream();
  const limit = input.limit ?? 10_000;
  const token = input.nextToken === undefined ? undefined : readToken(input.nextToken);
  const forward = token ? token.dir === 'f' : input.startFromHead === true;

  let q = deps.store.db
    .selectFrom('log_events')
    .select(['timestamp', 'message', 'ingestion_time', 'event_id'])
    .where('account', '=', scope.account)
    .where('region', '=', scope.region)
    .where('group_name', '=', group)
    .where('stream_name', '=', input.logStreamName);
  if (input.startTime !== undefined) q = q.where('timestamp', '>=', input.startTime);
  if (input.endTime !== undefined) q = q.where('timestamp', '<', input.endTime);
  if (token) {
    const [ts, id] = token.key;
    q = q.where((eb) =>
      forward
        ? eb.or([eb('timestamp', '>', ts), eb.and([eb('timestamp', '=', ts), eb('event_id', '>', id)])])
        : eb.or([eb('timestamp', '<', ts), eb.and([eb('timestamp', '=', ts), eb('event_id', '<', id)])]),
    );
  }
  const dir = forward ? 'asc' : 'desc';
  const rows = await q.orderBy('timestamp', dir).orderBy('event_id', dir).limit(limit).execute();
  if (!forward) rows.reverse();
  const first = rows[0];
  const last = rows[rows.length - 1];
  const keyOf = (r: { timestamp: number; event_id: string }): [number, string] => [Number(r.timestamp), r.event_id];
  // With nothing read, both tokens stay where the reader is: at the token, or at the stream's end.
  const here = token?.key ?? (forward ? [-1, ''] : [Number.MAX_SAFE_INTEGER, '~']);
  return {
    events: rows.map((r) => ({
      timestamp: Number(r.timestamp),
      message: r.message,
      ingestionTime: Number(r.ingestion_time),
    })),
    nextForwardToken: makeToken('f', last ? keyOf(last) : (here as [number, string])),
    nextBackwardToken: makeToken('b', first ? keyOf(first) : (here as [number, string])),
  };
};

function makeToken(dir: 'f' | 'b', key: [number, string]): string {
  return `${dir}/${Buffer.from(JSON.stringify(key)).toString('base64')}`;
}

function readToken(token: string): { dir: 'f' | 'b'; key: [number, string] } {
  const dir = token[0];
  try {
    const key: unknown = JSON.parse(Buffer.from(token.slice(2), 'base64').toString('utf8'));
    if (
      (dir === 'f' || dir === 'b') &&
      token[1] === '/' &&
      Array.isArray(key) &&
      typeof key[0] === 'number' &&
      typeof key[1] === 'string'
    )
      return { dir, key: key as [number, string] };
  } catch {
    // not one of ours
  }
  // AWS's text for a token it did not issue is not on record: cognate's words.
  throw new InvalidParameterException('The specified nextToken is invalid.');
}
export default GetLogEvents;
