import type {
  AdminListUserAuthEventsRequest,
  AdminListUserAuthEventsResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf, pagePosition, pageToken } from '../caller.js';
import { getPool } from '../pools/store.js';
import { requireUser } from '../users/store.js';
import { requireThreatProtection } from '../risk/mode.js';
import { toAuthEvent } from '../risk/events.js';

/** "Returns 60 events if you set MaxResults to 0, or if you don't include a MaxResults parameter" (API reference). */
const DEFAULT_MAX = 60;

/** A user's auth events, newest first. */
const AdminListUserAuthEvents: Operation<AdminListUserAuthEventsRequest, AdminListUserAuthEventsResponse> = async (
  deps,
  ctx,
  input,
) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  requireThreatProtection(pool);
  const user = await requireUser(deps.store.db, pool, input.Username);
  const scope = `auth-events/${pool.id}/${user.sub}`;
  const after = pagePosition(input.NextToken, scope, 2, ctx.requestId);
  const limit = input.MaxResults || DEFAULT_MAX;
  let q = deps.store.db
    .selectFrom('auth_events')
    .selectAll()
    .where('pool_id', '=', pool.id)
    .where('sub', '=', user.sub);
  if (after) {
    const [at, id] = [Number(after[0]), after[1]];
    q = q.where((eb) =>
      eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('event_id', '<', id)])]),
    );
  }
  const rows = await q
    .orderBy('created_at', 'desc')
    .orderBy('event_id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    AuthEvents: page.map(toAuthEvent),
    ...(rows.length > limit ? { NextToken: pageToken(scope, [String(last.created_at), last.event_id]) } : {}),
  };
};
export default AdminListUserAuthEvents;
