// store.tx's after-commit hook (src/store/store.ts): effects run once the transaction has committed,
// once each, never after a rollback; an error registered with failAfterCommit reaches the caller
// while the change stands. The outbox registers the delivery worker's wake-up through it, so no
// operation wakes the worker by hand (src/messaging/outbox.ts).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterCommit, failAfterCommit, openStore, type Store } from '../src/store/store.js';
import { enqueue, wakeOnQueued, type NewMessage } from '../src/messaging/outbox.js';
import { createPgDatabase, eachBackend, type Backend } from './support/server.js';

const message = (destination: string, refused?: string): NewMessage => ({
  account: '000000000000',
  region: 'us-east-1',
  poolId: null,
  userSub: null,
  activity: 'test',
  channel: 'email',
  destination,
  sender: 'from@example.com',
  subject: 'hello',
  bodyText: 'hi',
  ...(refused ? { refused } : {}),
});

const secret = async (store: Store, name: string) =>
  (await store.db.selectFrom('secrets').select('value').where('name', '=', name).executeTakeFirst())?.value;

eachBackend('after commit', (backend: Backend) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  before(async () => {
    if (backend === 'postgres') {
      const pg = await createPgDatabase();
      store = await openStore({ dbUrl: pg.url, dataDir: '' });
      cleanup = pg.drop;
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'cognate-after-commit-'));
      store = await openStore({ dataDir: dir });
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    }
  });
  after(async () => {
    await store.close();
    await cleanup();
  });

  test('an effect runs after the commit, once however often it was registered, and never after a rollback', async () => {
    const ran: string[] = [];
    const effect = () => ran.push('effect');
    await store.tx(async (trx) => {
      await trx.insertInto('secrets').values({ name: 'committed', value: 'x' }).execute();
      afterCommit(trx, effect);
      afterCommit(trx, effect);
      assert.deepEqual(ran, [], 'not before the commit');
    });
    assert.deepEqual(ran, ['effect']);
    assert.equal(await secret(store, 'committed'), 'x');

    await assert.rejects(
      store.tx(async (trx) => {
        await trx.insertInto('secrets').values({ name: 'rolled back', value: 'x' }).execute();
        afterCommit(trx, () => ran.push('rolled back'));
        throw new Error('abort');
      }),
      /abort/,
    );
    assert.deepEqual(ran, ['effect'], 'no effect of a rolled-back transaction');
    assert.equal(await secret(store, 'rolled back'), undefined);
  });

  test('an error failed after commit reaches the caller, and the change stands', async () => {
    const ran: string[] = [];
    await assert.rejects(
      store.tx(async (trx) => {
        await trx.insertInto('secrets').values({ name: 'kept', value: 'y' }).execute();
        afterCommit(trx, () => ran.push('effect'));
        failAfterCommit(trx, new Error('first'));
        failAfterCommit(trx, new Error('second'));
      }),
      /^Error: first$/,
    );
    assert.equal(await secret(store, 'kept'), 'y');
    assert.deepEqual(ran, ['effect'], 'the effects ran before the error was thrown');
  });

  test('queueing a message wakes the delivery worker once per commit; a refused message or a rollback does not', async () => {
    let wakes = 0;
    wakeOnQueued(store, () => wakes++);
    await store.tx(async (trx) => {
      await enqueue(trx, message('a@example.com'), Date.now());
      await enqueue(trx, message('b@example.com'), Date.now());
      assert.equal(wakes, 0, 'not before the commit');
    });
    assert.equal(wakes, 1);

    await store.tx((trx) => enqueue(trx, message('c@example.com', 'Phone number is opted out'), Date.now()));
    assert.equal(wakes, 1, 'nothing to deliver');

    await assert.rejects(
      store.tx(async (trx) => {
        await enqueue(trx, message('d@example.com'), Date.now());
        throw new Error('abort');
      }),
      /abort/,
    );
    assert.equal(wakes, 1, 'rolled back: nothing to deliver');
    const rows = await store.db
      .selectFrom('messages')
      .select(['destination', 'status'])
      .orderBy('destination')
      .execute();
    assert.deepEqual(rows, [
      { destination: 'a@example.com', status: 'queued' },
      { destination: 'b@example.com', status: 'queued' },
      { destination: 'c@example.com', status: 'failed' },
    ]);
  });

  test('after-commit work outside a transaction is a bug, not silently dropped', async () => {
    await assert.rejects(
      store.db.transaction().execute(async (trx) => afterCommit(trx, () => {})),
      /outside store\.tx/,
    );
  });
});
