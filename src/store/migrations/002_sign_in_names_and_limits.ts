// Sign-in names made unique by the store, the temporary password's expiry, and the send window
// that throttles how often a user can be sent a code.
//
// email_login / phone_login hold the (lower-cased) email or phone number where it names the user
// at sign-in: always on a pool that signs in with it (UsernameAttributes), once verified on a pool
// that takes it as an alias (AliasAttributes); NULL otherwise. A unique index on each makes the
// rule hold under concurrent writers on both dialects (NULLs never collide).
import { sql, type Kysely } from '../kysely.js';
import type { Dialect } from '../dialect.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const key = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  await db.schema.alterTable('users').addColumn('email_login', key).execute();
  await db.schema.alterTable('users').addColumn('phone_login', key).execute();
  await db.schema.alterTable('users').addColumn('password_expires_at', 'bigint').execute();

  // Existing users: derive the new columns from each pool's configuration.
  const pools = (await db
    .selectFrom('user_pools' as never)
    .select(['id', 'config'] as never[])
    .execute()) as { id: string; config: string }[];
  for (const pool of pools) {
    const config = JSON.parse(pool.config) as { UsernameAttributes?: string[]; AliasAttributes?: string[] };
    for (const [attr, column] of [
      ['email', 'email_login'],
      ['phone_number', 'phone_login'],
    ] as const) {
      const asUsername = (config.UsernameAttributes ?? []).includes(attr);
      if (!asUsername && !(config.AliasAttributes ?? []).includes(attr)) continue;
      // Where an older version let two users hold one name, the earliest keeps it.
      const held = (t: string) => (asUsername ? sql`` : sql`and ${sql.ref(`${t}.${attr}_verified`)} = 1`);
      await sql`update users set ${sql.ref(column)} = ${sql.ref(attr)}
        where pool_id = ${pool.id} and ${sql.ref(attr)} is not null ${held('users')}
        and not exists (select 1 from users u2 where u2.pool_id = users.pool_id and ${sql.ref(`u2.${attr}`)} = ${sql.ref(`users.${attr}`)} ${held('u2')}
          and (u2.created_at < users.created_at or (u2.created_at = users.created_at and u2.sub < users.sub)))`.execute(
        db,
      );
    }
  }
  await db.schema
    .createIndex('users_by_email_login')
    .unique()
    .on('users')
    .columns(['pool_id', 'email_login'])
    .execute();
  await db.schema
    .createIndex('users_by_phone_login')
    .unique()
    .on('users')
    .columns(['pool_id', 'phone_login'])
    .execute();

  // How many codes of this purpose the user was sent since window_started_at.
  await db.schema
    .alterTable('user_codes')
    .addColumn('sent', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .alterTable('user_codes')
    .addColumn('window_started_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`update user_codes set window_started_at = created_at`.execute(db);
}
