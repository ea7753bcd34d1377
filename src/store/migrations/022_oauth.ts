// The OAuth 2.0 endpoints and managed login: authorization codes, the domain's login sessions, and
// the scopes an OAuth sign-in's refresh tokens keep (a refreshed access token has the scopes of
// the sign-in that began it).
import type { Kysely } from '../kysely.js';
import type { Dialect } from '../dialect.js';
import { sql } from '../kysely.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const key = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  await db.schema
    .createTable('oauth_codes')
    .addColumn('code_hash', key, (c) => c.primaryKey())
    .addColumn('pool_id', key, (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('sub', 'text', (c) => c.notNull())
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text')
    .addColumn('code_challenge', 'text')
    .addColumn('auth_time', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('oauth_codes_by_pool').on('oauth_codes').columns(['pool_id']).execute();
  await db.schema.createIndex('oauth_codes_by_expiry').on('oauth_codes').columns(['expires_at']).execute();

  await db.schema
    .createTable('login_sessions')
    .addColumn('id_hash', key, (c) => c.primaryKey())
    .addColumn('pool_id', key, (c) => c.notNull())
    .addColumn('sub', 'text', (c) => c.notNull())
    .addColumn('auth_time', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_sessions_by_pool').on('login_sessions').columns(['pool_id', 'sub']).execute();

  await db.schema.alterTable('refresh_tokens').addColumn('scope', 'text').execute();
}
