// The trace of a pool's trigger invocations: one row per call (which trigger and source, which
// function, how long, and the exception Cognito answered with, if any), written after the call in
// the store's write-behind batch (Store.writeBehind), never inside the operation's transaction.
// Read by the operator route and `cognate doctor triggers`; pool-owned, deleted with the pool.
import { newUuid } from '../../../crypto/ids.js';
import type { Db, Store, Tx } from '../../../store/store.js';
import type { Database } from '../../../store/schema.js';

export interface TraceEntry {
  trigger: string;
  source: string;
  functionArn: string;
  durationMs: number;
  error?: { code: string; message: string };
}

/** How many invocations a pool keeps in its trace; older ones are dropped as new ones come. */
const KEPT = 200;

type Row = Database['trigger_invocations'];

// Rows wait in memory and are written together in the store's write-behind batch, one multi-row
// insert: a sign-up with a trigger does not pay a write of its own for its trace.
interface Pending {
  rows: Row[];
  drain: (trx: Tx) => Promise<void>;
  failed: (e: unknown) => void;
}
const pending = new WeakMap<Store, Pending>();

function pendingOf(store: Store, failed: (e: unknown) => void): Pending {
  let p = pending.get(store);
  if (!p) {
    const batch: Pending = {
      rows: [],
      async drain(trx) {
        const rows = batch.rows;
        batch.rows = [];
        if (rows.length === 0) return;
        await trx.insertInto('trigger_invocations').values(rows).execute();
        // Now and then each pool written to is trimmed to its last KEPT rows.
        if (Math.random() < 0.2) for (const poolId of new Set(rows.map((r) => r.pool_id))) await trim(trx, poolId);
      },
      failed,
    };
    pending.set(store, (p = batch));
  }
  return p;
}

/** Records one call; `failed` hears why, should its batch not be written. */
export function recordInvocation(
  store: Store,
  poolId: string,
  entry: TraceEntry,
  now: number,
  failed: (e: unknown) => void,
): void {
  const p = pendingOf(store, failed);
  p.rows.push({
    pool_id: poolId,
    id: newUuid(),
    at: now,
    trigger: entry.trigger,
    source: entry.source,
    function_arn: entry.functionArn,
    duration_ms: Math.round(entry.durationMs),
    result: entry.error ? 'error' : 'ok',
    error: entry.error ? `${entry.error.code}: ${entry.error.message}` : null,
  });
  store.writeBehind(p.drain, p.failed);
}

async function trim(db: Db, poolId: string): Promise<void> {
  const cut = await db
    .selectFrom('trigger_invocations')
    .select('at')
    .where('pool_id', '=', poolId)
    .orderBy('at', 'desc')
    .offset(KEPT)
    .limit(1)
    .executeTakeFirst();
  if (cut) await db.deleteFrom('trigger_invocations').where('pool_id', '=', poolId).where('at', '<=', cut.at).execute();
}

export interface TraceRow {
  at: string;
  trigger: string;
  source: string;
  functionArn: string;
  durationMs: number;
  result: string;
  error: string | null;
}

export async function readTrace(store: Store, poolId: string, limit = 50): Promise<TraceRow[]> {
  await store.writtenBehind();
  const rows = await store.db
    .selectFrom('trigger_invocations')
    .selectAll()
    .where('pool_id', '=', poolId)
    .orderBy('at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    at: new Date(Number(r.at)).toISOString(),
    trigger: r.trigger,
    source: r.source,
    functionArn: r.function_arn,
    durationMs: Number(r.duration_ms),
    result: r.result,
    error: r.error,
  }));
}
