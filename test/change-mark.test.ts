// The SQLite store's change mark (src/store/dialect.ts): it moves with every commit that changed
// something, by the store's own connection or another (another process, the delivery thread), and
// stands while nothing changed, so that the caches kept under it (pools, user views) live as long
// as they are true.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore } from '../src/store/store.js';
import { changeMark } from '../src/store/prepared.js';

test('the change mark moves with every commit that changed something, and only then', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cognate-mark-'));
  const store = await openStore({ dataDir: dir });
  const other = new Database(join(dir, 'cognate.db'));
  try {
    const { db } = store;
    const mark = () => changeMark(db);
    const first = mark()!;
    assert.equal(typeof first, 'number');
    assert.equal(mark(), first, 'nothing changed');

    // A write that finds nothing to change (the delivery worker's claim when no message is due).
    await db.updateTable('messages').set({ status: 'queued' }).where('id', '=', 'no such message').execute();
    assert.equal(mark(), first, 'a statement that changed nothing leaves the mark');

    await db.insertInto('secrets').values({ name: 'own', value: 'x' }).execute();
    const afterOwn = mark()!;
    assert.ok(afterOwn > first, 'this connection’s own commit moves it');
    assert.equal(mark(), afterOwn);

    other.prepare("insert into secrets (name, value) values ('other', 'y')").run();
    const afterOther = mark()!;
    assert.ok(afterOther > afterOwn, 'another connection’s commit moves it');
    assert.equal(mark(), afterOther);

    // While a transaction holds the connection the store cannot tell: no mark at all.
    await store.tx(async (trx) => {
      await trx.insertInto('secrets').values({ name: 'in-tx', value: 'z' }).execute();
      assert.equal(mark(), undefined);
    });
    assert.ok(mark()! > afterOther, 'the transaction’s commit moves it');
  } finally {
    other.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
