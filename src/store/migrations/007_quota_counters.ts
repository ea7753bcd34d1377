// Quota counters split into shards (src/store/quota.ts), so that concurrent senders do not queue
// on one row; Cognito's default-sender counts move over as shard 0 of their day.
import { sql, type Kysely } from '../kysely.js';
import type { Dialect } from '../dialect.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const key = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  await db.schema
    .createTable('quota_counters')
    .addColumn('scope', key, (c) => c.notNull())
    .addColumn('window', key, (c) => c.notNull())
    .addColumn('shard', 'integer', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('quota_counters_pk', ['scope', 'window', 'shard'])
    .execute();
  await sql`insert into quota_counters (scope, "window", shard, count)
    select 'cognito-default-email/' || account || '/' || region, day, 0, count from default_email_counts`.execute(db);
  await db.schema.dropTable('default_email_counts').execute();
}
