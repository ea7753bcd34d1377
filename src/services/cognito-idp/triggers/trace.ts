// The trace of a pool's trigger invocations: one row per call (which trigger and source, which
// function, how long, and the exception Cognito answered with, if any), written after the call in
// its own statement, never inside the operation's transaction. Read by the operator route and
// `cognate doctor triggers`; pool-owned, deleted with the pool.
import { newUuid } from '../../../crypto/ids.js';
import type { Db } from '../../../store/store.js';

export interface TraceEntry {
  trigger: string;
  source: string;
  functionArn: string;
  durationMs: number;
  error?: { code: string; message: string };
}

/** How many invocations a pool keeps in its trace; older ones are dropped as new ones come. */
const KEPT = 200;

export async function recordInvocation(db: Db, poolId: string, entry: TraceEntry, now: number): Promise<void> {
  await db
    .insertInto('trigger_invocations')
    .values({
      pool_id: poolId,
      id: newUuid(),
      at: now,
      trigger: entry.trigger,
      source: entry.source,
      function_arn: entry.functionArn,
      duration_ms: Math.round(entry.durationMs),
      result: entry.error ? 'error' : 'ok',
      error: entry.error ? `${entry.error.code}: ${entry.error.message}` : null,
    })
    .execute();
  // Roughly every 50th write trims the trace to its last KEPT rows.
  if (Math.random() < 0.02) {
    const cut = await db
      .selectFrom('trigger_invocations')
      .select('at')
      .where('pool_id', '=', poolId)
      .orderBy('at', 'desc')
      .offset(KEPT)
      .limit(1)
      .executeTakeFirst();
    if (cut)
      await db.deleteFrom('trigger_invocations').where('pool_id', '=', poolId).where('at', '<=', cut.at).execute();
  }
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
