// Sign-in: each pool's token signing keys, refresh tokens (stored hashed), the SRP verifier of a
// user's password, the counters of Cognito's lockout after wrong passwords, attribute values that
// wait for verification before they take effect, and each user's MFA factors.
import { sql, type Kysely } from '../kysely.js';
import type { Dialect } from '../dialect.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const key = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;

  await db.schema
    .createTable('signing_keys')
    .addColumn('pool_id', key, (c) => c.notNull())
    .addColumn('kid', 'text', (c) => c.notNull())
    // 'id' or 'access': Cognito signs the two kinds of token with different keys
    .addColumn('key_use', 'text', (c) => c.notNull())
    // PKCS#8 PEM of the RSA private key; the public JWK is derived from it
    .addColumn('private_pem', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('signing_keys_pk', ['pool_id', 'kid'])
    .execute();

  // Challenge sessions already answered: a Session is good for one answer.
  await db.schema
    .createTable('spent_sessions')
    .addColumn('session_id', key, (c) => c.primaryKey())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('spent_sessions_by_expiry').on('spent_sessions').columns(['expires_at']).execute();

  await db.schema
    .createTable('refresh_tokens')
    // keyed hash of the token; the token itself is never stored
    .addColumn('token_hash', key, (c) => c.primaryKey())
    .addColumn('pool_id', key, (c) => c.notNull())
    .addColumn('sub', key, (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    // the sign-in this token and every token refreshed from it belong to (the tokens' origin_jti)
    .addColumn('origin_jti', key, (c) => c.notNull())
    .addColumn('auth_time', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('refresh_tokens_by_origin')
    .unique()
    .on('refresh_tokens')
    .columns(['origin_jti'])
    .execute();
  await db.schema.createIndex('refresh_tokens_by_user').on('refresh_tokens').columns(['pool_id', 'sub']).execute();

  // A new email or phone number waiting for its code (AttributesRequireVerificationBeforeUpdate).
  await db.schema.alterTable('user_codes').addColumn('pending_value', 'text').execute();

  await db.schema.alterTable('users').addColumn('srp_salt', 'text').execute();
  await db.schema.alterTable('users').addColumn('srp_verifier', 'text').execute();
  await db.schema
    .alterTable('users')
    .addColumn('failed_sign_ins', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('users').addColumn('last_failed_sign_in_at', 'bigint').execute();
  await db.schema.alterTable('users').addColumn('locked_until', 'bigint').execute();
  // MFA: the user's factors as JSON ({sms, software, email: {enabled, preferred}}), the software
  // token's secret (sealed under the server key), one being associated but not yet verified, and
  // the last TOTP step accepted (no replays).
  await db.schema.alterTable('users').addColumn('mfa', 'text').execute();
  await db.schema.alterTable('users').addColumn('totp_secret', 'text').execute();
  await db.schema.alterTable('users').addColumn('totp_pending_secret', 'text').execute();
  await db.schema.alterTable('users').addColumn('totp_last_step', 'bigint').execute();
}
