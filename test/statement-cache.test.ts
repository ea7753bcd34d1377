// Both stores keep their statements (SQLite: prepared per text; PostgreSQL: named per text). A
// schema change made behind their back, as another instance's migration would, must not break a
// kept statement: the next run sees the new table. A query compiled once (store/prepared.ts) reads
// only what is committed, even where it may run without waiting for the connection (SQLite).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from '../src/store/kysely.js';
import { openStore } from '../src/store/store.js';
import { prepared } from '../src/store/prepared.js';
import { eachBackend, createPgDatabase } from './support/server.js';

eachBackend('kept statements', (backend) => {
  test('a kept SELECT * survives a column added by someone else', async () => {
    const pg = backend === 'postgres' ? await createPgDatabase() : undefined;
    const dir = mkdtempSync(join(tmpdir(), 'cognate-stmt-'));
    const store = await openStore({ dbUrl: pg?.url, dataDir: dir });
    const other = await openStore({ dbUrl: pg?.url, dataDir: dir });
    try {
      await store.db.insertInto('secrets').values({ name: 'probe', value: 'v1' }).execute();
      const read = () => store.db.selectFrom('secrets').selectAll().where('name', '=', 'probe').execute();
      for (let i = 0; i < 3; i++) assert.deepEqual(await read(), [{ name: 'probe', value: 'v1' }]);
      await sql`alter table secrets add column note text`.execute(other.db);
      assert.deepEqual(await read(), [{ name: 'probe', value: 'v1', note: null }]);
      assert.deepEqual(await read(), [{ name: 'probe', value: 'v1', note: null }]);
    } finally {
      await other.close();
      await store.close();
      await pg?.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a compiled-once read during an open transaction never sees what the transaction rolls back', async () => {
    const pg = backend === 'postgres' ? await createPgDatabase() : undefined;
    const dir = mkdtempSync(join(tmpdir(), 'cognate-stmt-'));
    const store = await openStore({ dbUrl: pg?.url, dataDir: dir });
    const byName = prepared<'name', { value: string }>((db, $) =>
      db.selectFrom('secrets').select('value').where('name', '=', $('name')),
    );
    try {
      let inserted!: () => void;
      let release!: () => void;
      const insertedYet = new Promise<void>((r) => (inserted = r));
      const gate = new Promise<void>((r) => (release = r));
      const tx = store
        .tx(async (trx) => {
          await trx.insertInto('secrets').values({ name: 'probe', value: 'uncommitted' }).execute();
          inserted();
          await gate;
          throw new Error('roll back');
        })
        .catch((e: Error) => e);
      await insertedYet;
      const read = byName.first(store.db, { name: 'probe' });
      release();
      assert.equal(((await tx) as Error).message, 'roll back');
      assert.equal(await read, undefined);

      await store.tx((trx) => trx.insertInto('secrets').values({ name: 'probe', value: 'v1' }).execute());
      assert.deepEqual(await byName.first(store.db, { name: 'probe' }), { value: 'v1' });
    } finally {
      await store.close();
      await pg?.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
