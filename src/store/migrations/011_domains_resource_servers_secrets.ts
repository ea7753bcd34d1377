// A user pool's domains (a prefix domain and a custom domain), its resource servers, and an app
// client's secrets (at most two at once, for rotation): the client's one `secret` so far becomes
// the first of its list.
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from '../kysely.js';
import type { Dialect } from '../dialect.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const key = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  await db.schema
    .createTable('user_pool_domains')
    // the host the domain answers on: <prefix>.auth.<region>.amazoncognito.com, or the custom
    // domain itself; unique everywhere, so a prefix is unique per Region and a custom domain
    // belongs to one pool
    .addColumn('host', key, (c) => c.primaryKey())
    .addColumn('domain', key, (c) => c.notNull())
    .addColumn('pool_id', key, (c) => c.notNull())
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    // prefix | custom
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('certificate_arn', 'text')
    .addColumn('security_policy', 'text')
    .addColumn('managed_login_version', 'integer', (c) => c.notNull())
    .addColumn('cloudfront', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // One domain of each kind per pool.
  await db.schema
    .createIndex('user_pool_domains_by_pool')
    .on('user_pool_domains')
    .columns(['pool_id', 'kind'])
    .unique()
    .execute();

  await db.schema
    .createTable('resource_servers')
    .addColumn('pool_id', key, (c) => c.notNull())
    .addColumn('identifier', key, (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // [{ScopeName, ScopeDescription}], JSON
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('resource_servers_pk', ['pool_id', 'identifier'])
    .execute();

  // [{id, value, created}] of every secret the client has, oldest first; `secret` stays the
  // oldest (what DescribeUserPoolClient shows and the hot paths read first).
  await db.schema.alterTable('user_pool_clients').addColumn('secrets', 'text').execute();
  const clients = await sql<{ client_id: string; secret: string; created_at: number }>`
    select client_id, secret, created_at from user_pool_clients where secret is not null`.execute(db);
  for (const c of clients.rows) {
    const secrets = JSON.stringify([
      { id: randomBytes(16).toString('hex'), value: c.secret, created: Number(c.created_at) },
    ]);
    await sql`update user_pool_clients set secrets = ${secrets} where client_id = ${c.client_id}`.execute(db);
  }
}
