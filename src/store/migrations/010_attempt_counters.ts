// Per-user attempt counters of Cognito's hourly limits (ForgotPassword with ConfirmForgotPassword,
// ConfirmSignUp, ResendConfirmationCode), and the sign-in lockout of names that are no user: a
// client with PreventUserExistenceErrors answers those as it would a user, limits included.
import { sql, type Kysely } from '../kysely.js';
import type { Dialect } from '../dialect.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const key = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  await db.schema
    .createTable('attempt_counters')
    .addColumn('pool_id', key, (c) => c.notNull())
    // u:<sub> for a user, n:<keyed digest of the name> for a name that is no user
    .addColumn('subject', key, (c) => c.notNull())
    .addColumn('purpose', key, (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('window_started_at', 'bigint', (c) => c.notNull())
    .addColumn('last_at', 'bigint', (c) => c.notNull())
    .addColumn('locked_until', 'bigint')
    .addPrimaryKeyConstraint('attempt_counters_pk', ['pool_id', 'subject', 'purpose'])
    .execute();
  // Counters whose window is long over are deleted now and then, by age.
  await db.schema
    .createIndex('attempt_counters_by_age')
    .on('attempt_counters')
    .columns(['pool_id', 'last_at'])
    .execute();
}
