// The trace of a pool's trigger invocations: one row per call (which trigger and source, which
// function, how long, and the exception Cognito answered with, if any), written after the call in
// its own statement, never inside the operation's transaction. Read by the operator route and
// `cognate doctor triggers`; pool-owned, deleted with the pool.
import { newUuid } from '../../../crypto/ids.js';
import type { Db } from '../../../store/store.js';
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
interface Pending {
  rows: Row[];
  written: Promise<void>;
}
// Rows wait in memory and are written together, one multi-row insert per turn of the event loop
// per store: on SQLite every write takes the store's one write lock, and a sign-up with a trigger
// should not pay a second one for its trace.
const pending = new WeakMap<Db, Pending>();
const last = new WeakMap<Db, Promise<void>>();

export function recordInvocation(db: Db, poolId: string, entry: TraceEntry, now: number): Promise<void> {
  const row: Row = {
    pool_id: poolId,
    id: newUuid(),
    at: now,
    trigger: entry.trigger,
    source: entry.source,
    function_arn: entry.functionArn,
    duration_ms: Math.round(entry.durationMs),
    result: entry.error ? 'error' : 'ok',
    error: entry.error ? `${entry.error.code}: ${entry.error.message}` : null,
  };
  let p = pending.get(db);
  if (!p) {
    const batch: Pending = { rows: [], written: Promise.resolve() };
    batch.written = new Promise<void>((resolve) => setImmediate(resolve)).then(() => write(db, batch));
    pending.set(db, (p = batch));
  }
  p.rows.push(row);
  return p.written;
}

async function write(db: Db, batch: Pending): Promise<void> {
  pending.delete(db);
  const done = (last.get(db) ?? Promise.resolve()).then(async () => {
    await db.insertInto('trigger_invocations').values(batch.rows).execute();
    // Now and then each pool written to is trimmed to its last KEPT rows.
    if (Math.random() < 0.05) for (const poolId of new Set(batch.rows.map((r) => r.pool_id))) await trim(db, poolId);
  });
  last.set(
    db,
    done.catch(() => {}),
  );
  return done;
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

/** Waits for the rows recorded so far to be written. */
export async function traceWritten(db: Db): Promise<void> {
  await pending.get(db)?.written;
  await last.get(db);
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

export async function readTrace(db: Db, poolId: string, limit = 50): Promise<TraceRow[]> {
  await traceWritten(db);
  const rows = await db
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
