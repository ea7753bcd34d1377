// Threat protection: risk configurations (pool-level and per app client) and the auth events a
// pool with threat protection (AdvancedSecurityMode AUDIT or ENFORCED) records.
import { sql, type Kysely } from '../kysely.js';
import type { Dialect } from '../dialect.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const key = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  await db.schema
    .createTable('risk_configurations')
    .addColumn('pool_id', key, (c) => c.notNull())
    .addColumn('client_id', key, (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('risk_configurations_pk', ['pool_id', 'client_id'])
    .execute();
  await db.schema
    .createTable('auth_events')
    .addColumn('pool_id', key, (c) => c.notNull())
    .addColumn('event_id', key, (c) => c.notNull())
    .addColumn('sub', key, (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('response', 'text', (c) => c.notNull())
    .addColumn('risk', 'text', (c) => c.notNull())
    .addColumn('challenges', 'text', (c) => c.notNull())
    .addColumn('context', 'text')
    .addColumn('feedback_value', 'text')
    .addColumn('feedback_provider', 'text')
    .addColumn('feedback_at', 'bigint')
    .addPrimaryKeyConstraint('auth_events_pk', ['pool_id', 'event_id'])
    .execute();
  // AdminListUserAuthEvents: a user's events, newest first.
  await db.schema
    .createIndex('auth_events_by_user')
    .on('auth_events')
    .columns(['pool_id', 'sub', 'created_at', 'event_id'])
    .execute();
}
