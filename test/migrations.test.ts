// Upgrading a database written by an earlier cognate: migration 002 derives the sign-in names of
// existing users from their pools, keeping the earliest holder where an older version let two
// users share one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import * as m001 from '../src/store/migrations/001_initial.js';
import { openStore } from '../src/store/store.js';
import { quotaUsed } from '../src/store/quota.js';
import { defaultEmailScope } from '../src/services/cognito-idp/messages/default-sender.js';
import type { Dialect } from '../src/store/dialect.js';
import { eachBackend, createPgDatabase } from './support/server.js';

const pool = (id: string, config: object) => ({
  id,
  account: '000000000000',
  region: 'us-east-1',
  name: id,
  config: JSON.stringify(config),
  created_at: 1,
  updated_at: 1,
});
const user = (poolId: string, sub: string, createdAt: number, email: string, verified: boolean) => ({
  pool_id: poolId,
  sub,
  username: sub,
  username_key: sub,
  status: 'CONFIRMED',
  enabled: 1,
  password_hash: null,
  attributes: JSON.stringify({ email, email_verified: String(verified) }),
  email,
  email_verified: verified ? 1 : 0,
  phone_number: null,
  phone_number_verified: 0,
  name: null,
  given_name: null,
  family_name: null,
  preferred_username: null,
  created_at: createdAt,
  updated_at: createdAt,
});

/** A database as cognate's first release left it: migration 001 only, with users in it. */
async function seedVersion1(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => ({ '001_initial': { up: (d) => m001.up(d, dialect) } }) },
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
  await db
    .insertInto('user_pools')
    .values([
      pool('us-east-1_byemail', { UsernameAttributes: ['email'] }),
      pool('us-east-1_alias', { AliasAttributes: ['email'] }),
      pool('us-east-1_plain', {}),
    ])
    .execute();
  await db
    .insertInto('users')
    .values([
      user('us-east-1_byemail', 'a-later', 20, 'same@example.com', false),
      user('us-east-1_byemail', 'b-first', 10, 'same@example.com', false),
      user('us-east-1_alias', 'c-verified', 10, 'alias@example.com', true),
      user('us-east-1_alias', 'd-unverified', 5, 'alias@example.com', false),
      user('us-east-1_plain', 'e-plain', 10, 'plain@example.com', true),
    ])
    .execute();
  await db
    .insertInto('user_codes')
    .values({
      pool_id: 'us-east-1_byemail',
      sub: 'a-later',
      purpose: 'signup:email',
      code_hash: 'x',
      expires_at: 99,
      attempts: 0,
      created_at: 42,
    })
    .execute();
  await db
    .insertInto('default_email_counts')
    .values({ account: '000000000000', region: 'us-east-1', day: '2026-11-20', count: 37 })
    .execute();
}

eachBackend('migrating a version-1 database', (backend) => {
  test("002 fills in sign-in names and send windows; 007 keeps the default sender's counts", async () => {
    let url: string | undefined;
    let dir: string | undefined;
    let drop = async () => {};
    if (backend === 'postgres') {
      const created = await createPgDatabase();
      url = created.url;
      drop = created.drop;
      const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url }) }) });
      await seedVersion1(db, 'postgres');
      await db.destroy();
    } else {
      dir = mkdtempSync(join(tmpdir(), 'cognate-migrate-'));
      const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new SQLite(join(dir, 'cognate.db')) }) });
      await seedVersion1(db, 'sqlite');
      await db.destroy();
    }
    const store = await openStore({ dbUrl: url, dataDir: dir ?? '' });
    try {
      const rows = await store.db
        .selectFrom('users')
        .select(['sub', 'email_login', 'phone_login', 'password_expires_at'])
        .orderBy('sub')
        .execute();
      assert.deepEqual(rows, [
        { sub: 'a-later', email_login: null, phone_login: null, password_expires_at: null },
        { sub: 'b-first', email_login: 'same@example.com', phone_login: null, password_expires_at: null },
        { sub: 'c-verified', email_login: 'alias@example.com', phone_login: null, password_expires_at: null },
        { sub: 'd-unverified', email_login: null, phone_login: null, password_expires_at: null },
        { sub: 'e-plain', email_login: null, phone_login: null, password_expires_at: null },
      ]);
      const code = await store.db
        .selectFrom('user_codes')
        .select(['sent', 'window_started_at'])
        .executeTakeFirstOrThrow();
      assert.deepEqual(code, { sent: 1, window_started_at: 42 });
      assert.equal(await quotaUsed(store.db, defaultEmailScope('000000000000', 'us-east-1'), '2026-11-20'), 37);
    } finally {
      await store.close();
      await drop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  });
});
