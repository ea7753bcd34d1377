// Refresh token rotation: a sign-in (origin_jti) may now hold several refresh tokens, the current
// one and those it replaced, each replaced one usable until its grace period ends.
import type { Kysely } from '../kysely.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('refresh_tokens')
    // set when the token is exchanged for a new one: it refreshes until then, never after
    .addColumn('grace_ends_at', 'bigint')
    .execute();
  await db.schema.dropIndex('refresh_tokens_by_origin').execute();
  await db.schema.createIndex('refresh_tokens_by_origin').on('refresh_tokens').columns(['origin_jti']).execute();
}
