// Quota counters that concurrent transactions can draw on without queueing behind one row. A
// counter is split into SHARDS rows, each allowed its share of the limit (the shares add up to
// the limit exactly); a taker starts at a random shard and moves on while shards are full. Each
// step is a conditional UPDATE (or the INSERT that creates the shard), so the total can never pass
// the limit however many take at once, and a take is refused only when every shard is full. The row lock a take holds until its
// transaction commits is then one shard's, not the whole counter's: with one hot row, every
// email-sending transaction on PostgreSQL waited for the previous one's commit.
import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export const SHARDS = 16;

/** Shard i's share of `limit`: the shares differ by at most one and add up to `limit`. */
export function shardCap(limit: number, shard: number): number {
  return Math.floor(limit / SHARDS) + (shard < limit % SHARDS ? 1 : 0);
}

/**
 * Takes one unit of `scope` in `window` below `limit`, inside the caller's transaction; false when
 * none is left. Only the shard it increments stays locked until commit: a plain conditional UPDATE
 * leaves a full shard unlocked (on PostgreSQL, INSERT ... ON CONFLICT DO UPDATE ... WHERE locks the
 * row even when the WHERE refuses it, and takers crossing each other's full shards deadlocked).
 */
export async function takeQuota(trx: Kysely<Database>, scope: string, window: string, limit: number): Promise<boolean> {
  const start = randomInt(SHARDS);
  for (let i = 0; i < SHARDS; i++) {
    const shard = (start + i) % SHARDS;
    const cap = shardCap(limit, shard);
    if (cap <= 0) continue;
    const increment = () =>
      trx
        .updateTable('quota_counters')
        .set((eb) => ({ count: eb('count', '+', 1) }))
        .where('scope', '=', scope)
        .where('window', '=', window)
        .where('shard', '=', shard)
        .where('count', '<', cap)
        .returning('count')
        .executeTakeFirst();
    if (await increment()) return true;
    const created = await trx
      .insertInto('quota_counters')
      .values({ scope, window, shard, count: 1 })
      .onConflict((oc) => oc.columns(['scope', 'window', 'shard']).doNothing())
      .returning('count')
      .executeTakeFirst();
    if (created) return true;
    // Another taker created the shard between the two statements; it may still have room.
    if (await increment()) return true;
  }
  return false;
}

/** How much of `scope` was taken in `window`. */
export async function quotaUsed(db: Kysely<Database>, scope: string, window: string): Promise<number> {
  const row = await db
    .selectFrom('quota_counters')
    .select((eb) => eb.fn.sum<number | string | null>('count').as('n'))
    .where('scope', '=', scope)
    .where('window', '=', window)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
