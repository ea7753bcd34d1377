// The delivery worker: claims due messages under a lease, hands each to the transport, and
// records the outcome. queued → sending → delivered | failed. A worker that dies mid-send leaves
// its claim to expire, and the message returns to the queue (delivery is at least once; the
// message id stays the same). Transient failures retry with exponential backoff and jitter;
// permanent ones, and the last allowed attempt, park the message as failed with the reason.
//
// It is a pipeline, not a sequence of batches: up to `concurrency` messages are in the
// transport's hands at once, a claim tops that up when half of them are done (at once when idle,
// so a lone message is not held back), and outcomes are written in one transaction for all that
// finished meanwhile. Per message, the store then sees a share of one claim and one outcome
// transaction instead of a transaction each, and no message waits for the slowest of a batch.
// `concurrency` stays at the old batch size (32): messages wait in the transport's queue behind
// a stalled relay, and the last of them must still go out within the lease.
import type { Logger } from 'pino';
import type { SelectQueryBuilder } from 'kysely';
import type { Store } from '../store/store.js';
import type { Database } from '../store/schema.js';
import type { MessageRow } from '../store/tables/messaging.js';
import { DeliveryError, type Transport } from './transport.js';
import { logDeliveryFailure } from './delivery-log.js';

export interface WorkerOptions {
  store: Store;
  transport: Transport;
  log: Logger;
  now?: () => number;
  /** how long a claim lasts before another worker may take the message */
  leaseMs?: number;
  /** most messages taken by one claim */
  batch?: number;
  /** most messages in the transport's hands at once */
  concurrency?: number;
  /** how often to look for due retries and expired leases when nothing wakes the worker */
  pollMs?: number;
  baseBackoffMs?: number;
}

const REDACTED = '[redacted after delivery]';

export function backoff(attempt: number, baseMs: number): number {
  const exp = Math.min(baseMs * 2 ** (attempt - 1), 10 * 60_000);
  return Math.round(exp * (0.5 + Math.random()));
}

interface Outcome {
  m: MessageRow;
  started: number;
  finished: number;
  error?: DeliveryError;
}

export class DeliveryWorker {
  private readonly o: Required<WorkerOptions>;
  private running = false;
  private poll: NodeJS.Timeout | undefined;
  /** the claim under way, if any */
  private claiming: Promise<void> | undefined;
  /** due messages may be waiting: set by a wake or a full claim, cleared by a claim that found fewer than it asked */
  private due = false;
  /** look for expired leases on the next claim: set by each poll tick */
  private sweep = true;
  private readonly sending = new Set<Promise<void>>();
  private finished: Outcome[] = [];
  private recording: Promise<void> | undefined;

  constructor(opts: WorkerOptions) {
    this.o = { now: Date.now, leaseMs: 30_000, batch: 32, concurrency: 32, pollMs: 1000, baseBackoffMs: 1000, ...opts };
  }

  start(): void {
    this.running = true;
    this.poll = setInterval(() => {
      this.sweep = true;
      this.wake();
    }, this.o.pollMs);
    this.poll.unref();
    this.wake();
  }

  /** Called after a commit that queued messages; cheap and safe to call often. */
  wake(): void {
    this.due = true;
    this.pump();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearInterval(this.poll);
    await this.claiming;
    while (this.sending.size) await Promise.all(this.sending);
    while (this.recording) await this.recording;
  }

  /** Claims as many due messages as there is room for, unless a claim is already under way. */
  private pump(): void {
    if (!this.running || this.claiming || !this.due) return;
    const room = this.o.concurrency - this.sending.size;
    // Busy, claim in batches: wait until half the room is free rather than claim message by message.
    if (room <= 0 || (this.sending.size > 0 && room < this.o.concurrency / 2)) return;
    const want = Math.min(room, this.o.batch);
    this.due = false;
    const sweep = this.sweep;
    this.sweep = false;
    this.claiming = this.claim(want, sweep)
      .then((claimed) => {
        // A full claim may have left more behind; a wake during the claim also set `due`.
        if (claimed.length === want) this.due = true;
        for (const m of claimed) this.send(m);
      })
      .catch((err) => {
        this.o.log.error({ err }, 'delivery worker claim failed');
      })
      .finally(() => {
        this.claiming = undefined;
        this.pump();
      });
  }

  private send(m: MessageRow): void {
    const started = this.o.now();
    const p: Promise<void> = this.o.transport
      .send(m)
      .then(
        () => this.finish({ m, started, finished: this.o.now() }),
        (e: unknown) =>
          this.finish({
            m,
            started,
            finished: this.o.now(),
            error:
              e instanceof DeliveryError ? e : new DeliveryError(e instanceof Error ? e.message : String(e), false),
          }),
      )
      .finally(() => {
        this.sending.delete(p);
        this.pump();
      });
    this.sending.add(p);
  }

  /**
   * Takes up to `limit` due messages, oldest first, in one statement each (no transaction, so
   * one round trip to PostgreSQL): queued and due, and on a poll tick first those still sending
   * whose lease ran out (few: at most what the workers had in flight). Each reads only the index
   * range it returns; one OR over both made SQLite read and sort every due message.
   */
  private async claim(limit: number, expired: boolean): Promise<MessageRow[]> {
    const { store } = this.o;
    const now = this.o.now();
    const take = (ids: SelectQueryBuilder<Database, 'messages', { id: string }>) =>
      store.db
        .updateTable('messages')
        .set((eb) => ({
          status: 'sending',
          lease_until: now + this.o.leaseMs,
          attempts: eb('attempts', '+', 1),
          updated_at: now,
        }))
        .where('id', 'in', store.skipLocked(ids))
        .returningAll()
        .execute();
    const ids = store.db.selectFrom('messages').select('id');
    const stale = expired
      ? await take(ids.where('status', '=', 'sending').where('lease_until', '<', now).limit(limit))
      : [];
    if (stale.length === limit) return stale;
    const fresh = await take(
      ids
        .where('status', '=', 'queued')
        .where('next_attempt_at', '<=', now)
        .orderBy('next_attempt_at')
        .limit(limit - stale.length),
    );
    return [...stale, ...fresh];
  }

  private finish(o: Outcome): void {
    this.finished.push(o);
    if (o.error) {
      this.o.log.warn(
        { messageId: o.m.id, attempt: o.m.attempts, outcome: this.outcome(o), reason: o.error.message },
        'message not delivered',
      );
    } else {
      this.o.log.debug({ messageId: o.m.id, transport: this.o.transport.name }, 'message delivered');
    }
    this.record();
  }

  private outcome(o: Outcome): 'delivered' | 'failed' | 'retry' {
    if (!o.error) return 'delivered';
    return o.error.permanent || o.m.attempts >= o.m.max_attempts ? 'failed' : 'retry';
  }

  /** Writes every finished outcome, one transaction for all that finished since the last one. */
  private record(): void {
    if (this.recording || this.finished.length === 0) return;
    const done = this.finished;
    this.finished = [];
    this.recording = this.write(done)
      .catch((err) => {
        // The messages keep their claim until the lease runs out, then go out again (at least once).
        this.o.log.error({ err, messages: done.length }, 'delivery worker could not record outcomes');
      })
      .finally(() => {
        this.recording = undefined;
        this.record();
      });
  }

  private async write(done: Outcome[]): Promise<void> {
    const now = this.o.now();
    await this.o.store.tx(async (trx) => {
      await trx
        .insertInto('message_attempts')
        .values(
          done.map((o) => ({
            message_id: o.m.id,
            attempt: o.m.attempts,
            started_at: o.started,
            finished_at: o.finished,
            outcome: this.outcome(o),
            error: o.error?.message ?? null,
          })),
        )
        .onConflict((oc) => oc.columns(['message_id', 'attempt']).doNothing())
        .execute();
      // Each update holds only while the message is still this claim's (sending, same attempt):
      // a claim whose lease ran out may have been taken over, and the new owner's outcome wins.
      const mine = (ids: string[], attempts: number) =>
        trx
          .updateTable('messages')
          .where('id', 'in', ids)
          .where('status', '=', 'sending')
          .where('attempts', '=', attempts);
      // Delivered messages, the bulk, in one statement per attempt number.
      const delivered = new Map<number, string[]>();
      for (const o of done) if (!o.error) delivered.set(o.m.attempts, [...(delivered.get(o.m.attempts) ?? []), o.m.id]);
      for (const [attempts, ids] of delivered) {
        // The code has reached its reader (or the mailbox); the outbox keeps no copy of it.
        await mine(ids, attempts)
          .set({
            status: 'delivered',
            delivered_at: now,
            lease_until: null,
            updated_at: now,
            last_error: null,
            body_text: REDACTED,
            body_html: null,
          })
          .execute();
      }
      for (const o of done) {
        if (!o.error) continue;
        const base = mine([o.m.id], o.m.attempts);
        if (this.outcome(o) === 'failed') {
          const { numUpdatedRows } = await base
            .set({
              status: 'failed',
              lease_until: null,
              updated_at: now,
              last_error: o.error.message,
              body_text: REDACTED,
              body_html: null,
            })
            .executeTakeFirst();
          // Only the claim that parked the message logs it.
          if (numUpdatedRows > 0n) await logDeliveryFailure(trx, o.m, o.error.message, now);
        } else {
          await base
            .set({
              status: 'queued',
              lease_until: null,
              updated_at: now,
              last_error: o.error.message,
              next_attempt_at: now + backoff(o.m.attempts, this.o.baseBackoffMs),
            })
            .execute();
        }
      }
    });
  }
}
