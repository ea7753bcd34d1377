// A version on each user pool, raised by every change to its row: requests read the version and
// reuse the configuration they parsed for it, instead of reading and parsing several KB each time.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('user_pools')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}
