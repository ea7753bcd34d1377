// A user pool's message-delivery error log (SetLogDeliveryConfiguration, event source
// userNotification): when a pool's email or SMS is refused at hand-over or its delivery fails for
// good, one event goes to the pool's CloudWatch Logs group, written in the same transaction that
// marks the message failed, so `aws logs filter-log-events` shows why a user got no message.
//
// AWS documents the content of these events ("Exporting user pool logs", message delivery errors)
// but not every field: the event below keeps the fields AWS's example shows (eventTimestamp,
// logLevel ERROR, message.details, logSourceVersion, userPoolId) and adds cognate's own
// (messageId, the key of GET /_cognate/messages; channel; activity). The stream name,
// `userNotification/<pool id>`, is cognate's. The destination address is left out: a log is read
// by more people than the outbox.
import type { Tx } from '../store/store.js';
import { appendLogEvents, parseLogGroupArn } from '../store/log-events.js';

export interface FailedMessage {
  id: string;
  account: string;
  region: string;
  pool_id: string | null;
  activity: string;
  channel: 'email' | 'sms';
}

/** Writes the failure to the pool's userNotification log group, if it has one (a missing group is skipped, as a deleted destination). */
export async function logDeliveryFailure(trx: Tx, m: FailedMessage, reason: string, now: number): Promise<void> {
  if (!m.pool_id) return;
  const config = await trx
    .selectFrom('user_pool_log_configurations')
    .select('log_group_arn')
    .where('pool_id', '=', m.pool_id)
    .where('event_source', '=', 'userNotification')
    .executeTakeFirst();
  const group = config?.log_group_arn ? parseLogGroupArn(config.log_group_arn) : undefined;
  if (!group) return;
  const event = {
    eventTimestamp: String(now),
    logLevel: 'ERROR',
    logSourceVersion: '1.0',
    eventSource: 'USER_NOTIFICATION',
    userPoolId: m.pool_id,
    message: { details: `${m.channel === 'sms' ? 'SMS' : 'Email'} delivery failed: ${reason}` },
    messageId: m.id,
    channel: m.channel,
    activity: m.activity,
  };
  await appendLogEvents(
    trx,
    { ...group, stream: `userNotification/${m.pool_id}`, createStream: true },
    [{ timestamp: now, message: JSON.stringify(event) }],
    now,
  );
}
