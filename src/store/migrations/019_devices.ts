// Device tracking: the devices users confirmed, and the device a sign-in's refresh tokens are
// bound to ("With device tracking, these tokens are linked to a single device": AWS's blog,
// "Tracking and Remembering Devices Using Amazon Cognito Your User Pools").
import { sql, type Kysely } from '../kysely.js';
import type { Dialect } from '../dialect.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const key = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  await db.schema
    .createTable('devices')
    .addColumn('pool_id', key, (c) => c.notNull())
    .addColumn('device_key', key, (c) => c.notNull())
    .addColumn('sub', key, (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('salt', 'text')
    .addColumn('verifier', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('last_ip', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('modified_at', 'bigint', (c) => c.notNull())
    .addColumn('authenticated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('devices_pk', ['pool_id', 'device_key'])
    .execute();
  // (Admin)ListDevices: a user's devices in key order; deleting a user's devices.
  await db.schema.createIndex('devices_by_user').on('devices').columns(['pool_id', 'sub', 'device_key']).execute();
  await db.schema.alterTable('refresh_tokens').addColumn('device_key', 'text').execute();
}
