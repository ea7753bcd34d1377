// A user pool's third-party identity providers (CreateIdentityProvider and its family), the
// identifiers that name them (unique per pool, so racing creators cannot share one), and the
// external identities linked to the pool's users (AdminLinkProviderForUser).
import { sql, type Kysely } from '../kysely.js';
import type { Dialect } from '../dialect.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const key = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  await db.schema
    .createTable('identity_providers')
    .addColumn('pool_id', key, (c) => c.notNull())
    .addColumn('name', key, (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    // ProviderDetails as given and derived, JSON
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('attribute_mapping', 'text', (c) => c.notNull())
    .addColumn('idp_identifiers', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('identity_providers_pk', ['pool_id', 'name'])
    .execute();
  await db.schema
    .createTable('identity_provider_identifiers')
    .addColumn('pool_id', key, (c) => c.notNull())
    .addColumn('identifier', key, (c) => c.notNull())
    .addColumn('provider_name', key, (c) => c.notNull())
    .addPrimaryKeyConstraint('identity_provider_identifiers_pk', ['pool_id', 'identifier'])
    .execute();
  await db.schema
    .createTable('provider_links')
    .addColumn('pool_id', key, (c) => c.notNull())
    .addColumn('provider_name', key, (c) => c.notNull())
    .addColumn('attribute_name', key, (c) => c.notNull())
    .addColumn('attribute_value', key, (c) => c.notNull())
    .addColumn('user_sub', key, (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    // One external identity is linked to at most one user of the pool.
    .addPrimaryKeyConstraint('provider_links_pk', ['pool_id', 'provider_name', 'attribute_name', 'attribute_value'])
    .execute();
  await db.schema.createIndex('provider_links_by_user').on('provider_links').columns(['pool_id', 'user_sub']).execute();
}
