// Counts of requests in an account's rate-limited API categories (Get/UpdateProvisionedLimit's
// categories, enforced once the account has set a limit): one row per account, Region and counter,
// its count belonging to one second, rewritten when a request arrives in a later second.
import { sql, type Kysely } from '../kysely.js';
import type { Dialect } from '../dialect.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const key = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  await db.schema
    .createTable('request_rates')
    .addColumn('account', key, (c) => c.notNull())
    .addColumn('region', key, (c) => c.notNull())
    .addColumn('counter', key, (c) => c.notNull())
    .addColumn('at_second', 'bigint', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('request_rates_pk', ['account', 'region', 'counter'])
    .execute();
}
