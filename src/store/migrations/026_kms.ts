// KMS keys per account and Region (symmetric encryption keys; their material sealed under the server key).
import { sql, type Kysely } from '../kysely.js';
import type { Dialect } from '../dialect.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const key = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  await db.schema
    .createTable('kms_keys')
    .addColumn('account', key, (c) => c.notNull())
    .addColumn('region', key, (c) => c.notNull())
    .addColumn('key_id', key, (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('key_usage', 'text', (c) => c.notNull())
    .addColumn('key_spec', 'text', (c) => c.notNull())
    .addColumn('key_state', 'text', (c) => c.notNull())
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('material', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('deletion_date', 'bigint')
    .addColumn('tags', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('kms_keys_pk', ['account', 'region', 'key_id'])
    .execute();
}
