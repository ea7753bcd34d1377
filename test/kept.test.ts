// The store's kept reads (src/store/kept.ts), on a real SQLite store: a value is served only while
// what makes it true holds (the change mark, or its row's version), a request holding an older read
// point neither finds nor keeps, a transaction keeps nothing, and the size bounds hold.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../src/store/store.js';
import { Kept, readPoint } from '../src/store/kept.js';

let store: Store;
let dir: string;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cognate-kept-'));
  store = await openStore({ dataDir: dir });
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

let n = 0;
const change = () =>
  store.db
    .insertInto('secrets')
    .values({ name: `change-${n++}`, value: 'x' })
    .execute();

test("'change': kept while nothing changed, gone after any change; an older read point neither finds nor keeps", async () => {
  const kept = new Kept<string>({ limit: 10, until: 'change' });
  const { db } = store;
  const first = readPoint(db)!;
  assert.equal(typeof first, 'number');
  assert.equal(kept.keep(db, 'a', 'A', first), 'A');
  assert.equal(kept.unchanged(db, 'a', first), 'A');
  assert.equal(kept.keep(db, 'a', 'other A', first), 'A', 'what is kept under the same read point is shared');

  await change();
  const second = readPoint(db)!;
  assert.ok(second > first);
  assert.equal(kept.unchanged(db, 'a', second), undefined, 'a change anywhere: nothing kept is trusted');
  kept.keep(db, 'b', 'B', second);
  assert.equal(kept.unchanged(db, 'b', first), undefined, 'a request that began before the change does not find it');
  kept.keep(db, 'c', 'C', first);
  assert.equal(kept.unchanged(db, 'c', second), undefined, 'nor keeps what it read');
  assert.equal(
    kept.unchanged(db, 'a', undefined),
    undefined,
    'no read point (PostgreSQL, a transaction): nothing kept is served',
  );
});

test("'change': a full set takes no more until the next change", async () => {
  const kept = new Kept<number>({ limit: 2, until: 'change' });
  const { db } = store;
  await change();
  const at = readPoint(db);
  for (const k of ['x', 'y', 'z']) kept.keep(db, k, 1, at);
  assert.equal(kept.unchanged(db, 'x', at), 1);
  assert.equal(kept.unchanged(db, 'y', at), 1);
  assert.equal(kept.unchanged(db, 'z', at), undefined);
  await change();
  const next = readPoint(db);
  kept.keep(db, 'z', 2, next);
  assert.equal(kept.unchanged(db, 'z', next), 2);
});

test("'version': kept across changes by version, confirmed at a read point, the oldest forgotten when full", async () => {
  const kept = new Kept<string>({ limit: 2, until: 'version' });
  const { db } = store;
  const at = readPoint(db);
  kept.keep(db, 'p', 'P1', at, 1);
  assert.equal(kept.unchanged(db, 'p', at), 'P1');
  await change();
  const later = readPoint(db);
  assert.equal(kept.unchanged(db, 'p', later), undefined, 'after a change the version must be read again');
  assert.equal(kept.atVersion(db, 'p', 1), 'P1');
  assert.equal(kept.atVersion(db, 'p', 2), undefined);
  assert.equal(kept.keep(db, 'p', 'P1 again', later, 1), 'P1', 'the same version keeps its object');
  assert.equal(kept.unchanged(db, 'p', later), 'P1', 'and is trusted at the read point that confirmed it');
  kept.keep(db, 'p', 'P1 by a client look-up', undefined, 1);
  assert.equal(kept.unchanged(db, 'p', later), 'P1', 'a read without a read point leaves that confirmation');
  kept.keep(db, 'q', 'Q', later, 1);
  kept.keep(db, 'r', 'R', later, 1);
  assert.equal(kept.latest(db, 'p'), undefined, 'the oldest went');
  assert.deepEqual(kept.latest(db, 'r'), { value: 'R', version: 1, at: later });
});

test('a transaction keeps nothing (it may roll back, and its version be reused)', async () => {
  const kept = new Kept<string>({ limit: 10, until: 'version' });
  await store.tx(async (trx) => {
    assert.equal(readPoint(trx), undefined);
    kept.keep(trx, 't', 'T', undefined, 7);
  });
  assert.equal(kept.atVersion(store.db, 't', 7), undefined);
});
