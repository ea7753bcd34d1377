// Turns at SQLite's write lock between a server's store and its delivery thread's (src/store/
// dialect.ts, WriteTurn): a delivery write that finds the lock taken goes next, before the
// server's following transaction, instead of sleeping in SQLite's busy handler while the server
// takes the lock again and again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/store/store.js';
import { sql } from '../src/store/kysely.js';
import Database from 'better-sqlite3';

test('a delivery write that met a held lock goes before the server’s next transaction', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cognate-turn-'));
  const server = await openStore({ dataDir: dir });
  const delivery = await openStore({ dataDir: dir, askWriteTurn: server.writeTurn });
  try {
    assert.ok(server.writeTurn, 'a SQLite store offers a write turn');
    const write = (db: typeof server.db, name: string) =>
      db.insertInto('secrets').values({ name, value: name }).execute();

    let finishFirst!: () => void;
    const held = new Promise<void>((resolve) => (finishFirst = resolve));
    let inside!: () => void;
    const entered = new Promise<void>((resolve) => (inside = resolve));
    const first = server.tx(async (trx) => {
      await write(trx, 'server-1');
      inside();
      await held;
    });
    await entered;
    // The lock is held: the delivery's write must wait for it.
    const asked = write(delivery.db, 'delivery');
    await new Promise((r) => setTimeout(r, 20));
    finishFirst();
    await first;
    // The server's next transaction starts at once, but lets the waiting delivery write go first.
    await server.tx((trx) => write(trx, 'server-2'));
    await asked;

    const order = await server.db
      .selectFrom('secrets')
      .select('name')
      .where('name', 'in', ['server-1', 'delivery', 'server-2'])
      .orderBy(sql`rowid`)
      .execute();
    assert.deepEqual(
      order.map((r) => r.name),
      ['server-1', 'delivery', 'server-2'],
    );
  } finally {
    await delivery.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a write that finds the lock held by another connection waits without stopping the event loop', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cognate-turn-'));
  const store = await openStore({ dataDir: dir });
  // Another process's connection, as `cognate worker` or a second server would hold it.
  const other = new Database(join(dir, 'cognate.db'));
  try {
    other.exec('begin immediate');
    let done = false;
    const written = store
      .tx((trx) => trx.insertInto('secrets').values({ name: 'waited', value: 'x' }).execute())
      .then(() => {
        done = true;
      });
    // A write that blocked the event loop while it waited would keep this timer from firing until
    // the lock was free, and the lock is only freed below, by this same thread: the timer firing
    // with the write still pending is the proof, however busy the machine.
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(done, false, 'the write waits for the lock');
    other.exec('commit');
    await written;
    assert.equal(
      (await store.db.selectFrom('secrets').select('value').where('name', '=', 'waited').executeTakeFirst())?.value,
      'x',
    );
  } finally {
    other.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
