// The server's secret key for keyed hashes (codes, later refresh tokens). Made once, kept in the
// database, so every instance on a shared PostgreSQL and every restart uses the same key.
import { randomBytes } from 'node:crypto';
import type { Store } from '../store/store.js';

export async function loadServerKey(store: Store): Promise<Buffer> {
  const name = 'code-hmac-key';
  await store.db
    .insertInto('secrets')
    .values({ name, value: randomBytes(32).toString('base64') })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await store.db.selectFrom('secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  return Buffer.from(row.value, 'base64');
}
