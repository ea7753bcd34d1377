// A version on each app client, raised by every change to its row (its settings, its secrets, an
// identity provider taken out of it): the token endpoint reads the version and reuses the client it
// parsed for it, as requests do with their pool (008), instead of reading and parsing it each time.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('user_pool_clients')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}
