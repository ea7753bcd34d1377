// Passkeys: WebAuthn credentials per user (public key, signature counter, transports, relying
// party), listed newest last per user, and the one pending registration ceremony of each user.
import { sql, type Kysely } from '../kysely.js';
import type { Dialect } from '../dialect.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const key = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  await db.schema
    .createTable('webauthn_credentials')
    .addColumn('pool_id', key, (c) => c.notNull())
    .addColumn('sub', key, (c) => c.notNull())
    .addColumn('credential_id', key, (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('sign_count', 'bigint', (c) => c.notNull())
    .addColumn('transports', 'text', (c) => c.notNull())
    .addColumn('rp_id', 'text', (c) => c.notNull())
    .addColumn('attachment', 'text')
    .addColumn('friendly_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('webauthn_credentials_pk', ['pool_id', 'credential_id'])
    .execute();
  // ListWebAuthnCredentials and the sign-in's allowCredentials: a user's passkeys in order.
  await db.schema
    .createIndex('webauthn_credentials_by_user')
    .on('webauthn_credentials')
    .columns(['pool_id', 'sub', 'created_at', 'credential_id'])
    .execute();
  await db.schema
    .createTable('webauthn_registrations')
    .addColumn('pool_id', key, (c) => c.notNull())
    .addColumn('sub', key, (c) => c.notNull())
    .addColumn('challenge', key, (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('rp_id', 'text', (c) => c.notNull())
    .addColumn('user_verification', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('webauthn_registrations_pk', ['pool_id', 'sub'])
    .execute();
}
