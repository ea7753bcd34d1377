// CloudWatch Logs as cognate serves it, per account and Region: log groups, their streams and the
// events in them. Generic on purpose: Cognito's log delivery writes here, and so may any later
// service (Lambda's /aws/lambda/<name>).
import { sql, type Kysely } from '../kysely.js';
import type { Dialect } from '../dialect.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const key = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  await db.schema
    .createTable('log_groups')
    .addColumn('account', key, (c) => c.notNull())
    .addColumn('region', key, (c) => c.notNull())
    .addColumn('name', key, (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('retention_days', 'integer')
    .addColumn('log_group_class', 'text', (c) => c.notNull())
    .addColumn('kms_key_id', 'text')
    .addColumn('deletion_protection', 'integer', (c) => c.notNull())
    // JSON object
    .addColumn('tags', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('log_groups_pk', ['account', 'region', 'name'])
    .execute();
  await db.schema
    .createTable('log_streams')
    .addColumn('account', key, (c) => c.notNull())
    .addColumn('region', key, (c) => c.notNull())
    .addColumn('group_name', key, (c) => c.notNull())
    .addColumn('name', key, (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('first_event_at', 'bigint')
    .addColumn('last_event_at', 'bigint')
    .addColumn('last_ingestion_at', 'bigint')
    .addColumn('stored_bytes', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('log_streams_pk', ['account', 'region', 'group_name', 'name'])
    .execute();
  await db.schema
    .createTable('log_events')
    .addColumn('account', key, (c) => c.notNull())
    .addColumn('region', key, (c) => c.notNull())
    .addColumn('group_name', key, (c) => c.notNull())
    .addColumn('stream_name', key, (c) => c.notNull())
    // unique within the group, and in ingestion order among events of one timestamp
    .addColumn('event_id', key, (c) => c.notNull())
    .addColumn('timestamp', 'bigint', (c) => c.notNull())
    .addColumn('ingestion_time', 'bigint', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('log_events_pk', ['account', 'region', 'group_name', 'event_id'])
    .execute();
  // FilterLogEvents reads a group in time order; GetLogEvents one stream in time order.
  await db.schema
    .createIndex('log_events_by_time')
    .on('log_events')
    .columns(['account', 'region', 'group_name', 'timestamp', 'event_id'])
    .execute();
  await db.schema
    .createIndex('log_events_by_stream')
    .on('log_events')
    .columns(['account', 'region', 'group_name', 'stream_name', 'timestamp', 'event_id'])
    .execute();
}
