// The delivery worker: claims due messages under a lease, hands each to the transport, and
// records the outcome. queued → sending → delivered | failed. A worker that dies mid-send leaves
// its claim to expire, and the message returns to the queue (delivery is at least once; the
// message id stays the same). Transient failures retry with exponential backoff and jitter;
// permanent ones, and the last allowed attempt, park the message as failed with the reason.
import type { Logger } from 'pino';
import type { Store } from '../store/store.js';
import type { MessageRow } from '../store/schema.js';
import { DeliveryError, type Transport } from './transport.js';

export interface WorkerOptions {
  store: Store;
  transport: Transport;
  log: Logger;
  now?: () => number;
  /** how long a claim lasts before another worker may take the message */
  leaseMs?: number;
  batch?: number;
  /** how often to look for due retries and expired leases when nothing wakes the worker */
  pollMs?: number;
  baseBackoffMs?: number;
}

const REDACTED = '[redacted after delivery]';

export function backoff(attempt: number, baseMs: number): number {
  const exp = Math.min(baseMs * 2 ** (attempt - 1), 10 * 60_000);
  return Math.round(exp * (0.5 + Math.random()));
}

export class DeliveryWorker {
  private readonly o: Required<WorkerOptions>;
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private loop: Promise<void> | undefined;
  private again = false;

  constructor(opts: WorkerOptions) {
    this.o = { now: Date.now, leaseMs: 30_000, batch: 32, pollMs: 1000, baseBackoffMs: 1000, ...opts };
  }

  start(): void {
    this.running = true;
    this.wake();
  }

  /** Called after a commit that queued messages; cheap and safe to call often. */
  wake(): void {
    if (!this.running) return;
    if (this.loop) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.loop = this.drain()
      .catch((err) => this.o.log.error({ err }, 'delivery worker pass failed'))
      .finally(() => {
        this.loop = undefined;
        if (!this.running) return;
        if (this.again) {
          this.again = false;
          this.wake();
        } else {
          this.timer = setTimeout(() => this.wake(), this.o.pollMs);
          this.timer.unref();
        }
      });
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.loop;
  }

  private async drain(): Promise<void> {
    for (;;) {
      const claimed = await this.claim();
      if (claimed.length === 0) return;
      await Promise.all(claimed.map((m) => this.deliver(m)));
      if (!this.running) return;
    }
  }

  /** Takes up to `batch` due messages: queued and due, or sending with an expired lease. */
  private async claim(): Promise<MessageRow[]> {
    const { store } = this.o;
    const now = this.o.now();
    return store.tx(async (trx) => {
      const due = await store.skipLocked(
        trx.selectFrom('messages').select('id')
          .where((eb) => eb.or([
            eb.and([eb('status', '=', 'queued'), eb('next_attempt_at', '<=', now)]),
            eb.and([eb('status', '=', 'sending'), eb('lease_until', '<', now)]),
          ]))
          .orderBy('next_attempt_at').limit(this.o.batch),
      ).execute();
      if (due.length === 0) return [];
      return trx.updateTable('messages')
        .set((eb) => ({ status: 'sending', lease_until: now + this.o.leaseMs, attempts: eb('attempts', '+', 1), updated_at: now }))
        .where('id', 'in', due.map((d) => d.id))
        .returningAll().execute();
    });
  }

  private async deliver(m: MessageRow): Promise<void> {
    const { store, log } = this.o;
    const started = this.o.now();
    let error: DeliveryError | undefined;
    try {
      await this.o.transport.send(m);
    } catch (e) {
      error = e instanceof DeliveryError ? e : new DeliveryError(e instanceof Error ? e.message : String(e), false);
    }
    const now = this.o.now();
    const outcome = !error ? 'delivered' : error.permanent || m.attempts >= m.max_attempts ? 'failed' : 'retry';
    await store.tx(async (trx) => {
      await trx.insertInto('message_attempts').values({
        message_id: m.id, attempt: m.attempts, started_at: started, finished_at: now, outcome, error: error?.message ?? null,
      }).onConflict((oc) => oc.columns(['message_id', 'attempt']).doNothing()).execute();
      const update = trx.updateTable('messages').where('id', '=', m.id).where('status', '=', 'sending').where('attempts', '=', m.attempts);
      if (outcome === 'delivered') {
        // The code has reached its reader (or the mailbox); the outbox keeps no copy of it.
        await update.set({ status: 'delivered', delivered_at: now, lease_until: null, updated_at: now, last_error: null, body_text: REDACTED, body_html: null }).execute();
      } else if (outcome === 'failed') {
        await update.set({ status: 'failed', lease_until: null, updated_at: now, last_error: error!.message, body_text: REDACTED, body_html: null }).execute();
      } else {
        await update.set({ status: 'queued', lease_until: null, updated_at: now, last_error: error!.message, next_attempt_at: now + backoff(m.attempts, this.o.baseBackoffMs) }).execute();
      }
    });
    if (error) log.warn({ messageId: m.id, attempt: m.attempts, outcome, reason: error.message }, 'message not delivered');
    else log.debug({ messageId: m.id, transport: this.o.transport.name }, 'message delivered');
  }
}
