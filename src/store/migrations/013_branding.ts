// The look and terms of a pool's sign-in pages: hosted UI (classic) customizations per pool
// ('ALL') and per app client, managed login branding styles (one per app client) and terms
// documents (one per type per app client). Images are kept as base64 text, so the rows read alike
// on SQLite and PostgreSQL.
import { sql, type Kysely } from '../kysely.js';
import type { Dialect } from '../dialect.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const key = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  await db.schema
    .createTable('ui_customizations')
    .addColumn('pool_id', key, (c) => c.notNull())
    // an app client's id, or ALL for the pool's default
    .addColumn('client_id', key, (c) => c.notNull())
    .addColumn('css', 'text')
    .addColumn('image', 'text')
    .addColumn('image_type', 'text')
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('ui_customizations_pk', ['pool_id', 'client_id'])
    .execute();
  await db.schema
    .createTable('managed_login_brandings')
    .addColumn('pool_id', key, (c) => c.notNull())
    .addColumn('id', key, (c) => c.notNull())
    .addColumn('client_id', key, (c) => c.notNull())
    .addColumn('cognito_defaults', 'integer', (c) => c.notNull())
    .addColumn('settings', 'text')
    .addColumn('assets', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('managed_login_brandings_pk', ['pool_id', 'id'])
    .addUniqueConstraint('managed_login_brandings_client', ['pool_id', 'client_id'])
    .execute();
  await db.schema
    .createTable('terms')
    .addColumn('pool_id', key, (c) => c.notNull())
    .addColumn('id', key, (c) => c.notNull())
    .addColumn('client_id', key, (c) => c.notNull())
    .addColumn('name', key, (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('enforcement', 'text', (c) => c.notNull())
    .addColumn('links', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('terms_pk', ['pool_id', 'id'])
    .addUniqueConstraint('terms_client_name', ['pool_id', 'client_id', 'name'])
    .execute();
}
