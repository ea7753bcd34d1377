// Writing events into CloudWatch Logs' tables (migration 016_logs), for whoever delivers logs: the
// logs service's PutLogEvents, Cognito's log delivery from the messaging worker, Lambda's functions.
// Kept here, below every service, so any layer that delivers logs can write them.
import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import { sql } from './kysely.js';
import type { Database } from './schema.js';
import type { LogGroupRow } from './tables/logs.js';
import { prepared } from './prepared.js';

export interface LogEventIn {
  timestamp: number;
  message: string;
}

export interface LogGroupAddress {
  account: string;
  region: string;
  group: string;
}

/** arn:aws:logs:<region>:<account>:log-group:<name>, with or without the `:*` DescribeLogGroups' `arn` ends in. */
export function parseLogGroupArn(arn: string): LogGroupAddress | undefined {
  const m = /^arn:aws[a-z-]*:logs:([a-z0-9-]+):(\d{12}):log-group:([.\-_/#A-Za-z0-9]+)(:\*)?$/.exec(arn);
  return m ? { region: m[1], account: m[2], group: m[3] } : undefined;
}

// Compiled once (prepared.ts): every batch of a function's log lines runs these.
const groupRow = prepared<'account' | 'region' | 'name', LogGroupRow>((db, $) =>
  db
    .selectFrom('log_groups')
    .selectAll()
    .where('account', '=', $('account'))
    .where('region', '=', $('region'))
    .where('name', '=', $('name')),
);
const streamName = prepared<'account' | 'region' | 'group' | 'name', { name: string }>((db, $) =>
  db
    .selectFrom('log_streams')
    .select('name')
    .where('account', '=', $('account'))
    .where('region', '=', $('region'))
    .where('group_name', '=', $('group'))
    .where('name', '=', $('name')),
);
const streamAppended = prepared<'account' | 'region' | 'group' | 'name' | 'first' | 'last' | 'now' | 'bytes'>((db, $) =>
  db
    .updateTable('log_streams')
    .set((eb) => ({
      // one statement, so concurrent writers to a stream cannot lose each other's bounds
      first_event_at: sql<number>`case when first_event_at is null or first_event_at > ${$('first')} then ${$('first')} else first_event_at end`,
      last_event_at: sql<number>`case when last_event_at is null or last_event_at < ${$('last')} then ${$('last')} else last_event_at end`,
      last_ingestion_at: $('now'),
      stored_bytes: eb('stored_bytes', '+', $('bytes')),
    }))
    .where('account', '=', $('account'))
    .where('region', '=', $('region'))
    .where('group_name', '=', $('group'))
    .where('name', '=', $('name')),
);

/** The log group at `address`, or undefined. */
export function findLogGroup(db: Kysely<Database>, address: LogGroupAddress): Promise<LogGroupRow | undefined> {
  return groupRow.first(db, { account: address.account, region: address.region, name: address.group });
}

/**
 * Makes the log group if it is missing, as a service that creates its own group does on first
 * delivery (Lambda's `/aws/lambda/<name>`); a group that exists is left as it is.
 */
export async function ensureLogGroup(trx: Kysely<Database>, address: LogGroupAddress, now: number): Promise<void> {
  await trx
    .insertInto('log_groups')
    .values({
      account: address.account,
      region: address.region,
      name: address.group,
      created_at: now,
      retention_days: null,
      log_group_class: 'STANDARD',
      kms_key_id: null,
      deletion_protection: 0,
      tags: '{}',
    })
    .onConflict((oc) => oc.columns(['account', 'region', 'name']).doNothing())
    .execute();
}

export const logGroupArn = (g: LogGroupAddress) => `arn:aws:logs:${g.region}:${g.account}:log-group:${g.group}`;

let counter = 0;
/**
 * An event id as CloudWatch Logs' look: 56 digits. Its first 23 are the ingestion time and a
 * per-process counter, so ids of one timestamp sort in ingestion order; the rest are random, so
 * processes sharing a store do not collide.
 */
function eventId(now: number): string {
  counter = (counter + 1) % 1e8;
  let rest = '';
  while (rest.length < 33) rest += String(randomInt(1e9)).padStart(9, '0');
  return `${String(now).padStart(15, '0')}${String(counter).padStart(8, '0')}${rest.slice(0, 33)}`;
}

/** UTF-8 bytes plus 26, as CloudWatch Logs counts an event's size (PutLogEvents API reference). */
export const eventSize = (message: string) => Buffer.byteLength(message, 'utf8') + 26;

/**
 * Appends events (in the order given) to a stream of a log group in the caller's transaction. With
 * `createStream`, a missing stream is made, as AWS's own deliveries make theirs; without, a missing
 * stream is 'no-stream'. 'no-group' when the group does not exist, unless `createGroup` makes it
 * (with CreateLogGroup's defaults), as a service that holds logs:CreateLogGroup does.
 */
export async function appendLogEvents(
  trx: Kysely<Database>,
  to: LogGroupAddress & { stream: string; createStream?: boolean; createGroup?: boolean },
  events: LogEventIn[],
  now: number,
): Promise<'ok' | 'no-group' | 'no-stream'> {
  if (!(await findLogGroup(trx, to))) {
    if (!to.createGroup) return 'no-group';
    await ensureLogGroup(trx, to, now);
  }
  const at = { account: to.account, region: to.region, group: to.group, name: to.stream };
  const stream = await streamName.first(trx, at);
  if (!stream) {
    if (!to.createStream) return 'no-stream';
    await trx
      .insertInto('log_streams')
      .values({
        account: to.account,
        region: to.region,
        group_name: to.group,
        name: to.stream,
        created_at: now,
        first_event_at: null,
        last_event_at: null,
        last_ingestion_at: null,
        stored_bytes: 0,
      })
      .onConflict((oc) => oc.columns(['account', 'region', 'group_name', 'name']).doNothing())
      .execute();
  }
  if (events.length === 0) return 'ok';
  await trx
    .insertInto('log_events')
    .values(
      events.map((e) => ({
        account: to.account,
        region: to.region,
        group_name: to.group,
        stream_name: to.stream,
        event_id: eventId(now),
        timestamp: e.timestamp,
        ingestion_time: now,
        message: e.message,
      })),
    )
    .execute();
  const first = Math.min(...events.map((e) => e.timestamp));
  const last = Math.max(...events.map((e) => e.timestamp));
  const bytes = events.reduce((n, e) => n + eventSize(e.message), 0);
  await streamAppended.first(trx, { ...at, first, last, now, bytes });
  return 'ok';
}
