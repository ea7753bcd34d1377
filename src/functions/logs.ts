// Invocation output into CloudWatch Logs: lines wait in memory and are written together in one
// transaction (creating /aws/lambda/<name> and the worker's stream on first use, as Lambda does),
// so concurrent invocations share a write instead of each taking the store's write lock.
import type { Logger } from 'pino';
import type { Store } from '../store/store.js';
import { appendLogEvents, ensureLogGroup, type LogGroupAddress } from '../store/log-events.js';

type Batch = Map<
  string,
  { to: LogGroupAddress & { stream: string }; events: { timestamp: number; message: string }[] }
>;

export class LogWriter {
  private batch: Batch = new Map();
  private flushing: Promise<void> = Promise.resolve();
  private scheduled: Promise<void> | undefined;

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {}

  write(to: LogGroupAddress & { stream: string }, lines: string[]): Promise<void> {
    const key = `${to.account}\n${to.region}\n${to.group}\n${to.stream}`;
    let entry = this.batch.get(key);
    if (!entry) this.batch.set(key, (entry = { to, events: [] }));
    const at = this.now();
    for (const line of lines) entry.events.push({ timestamp: at, message: line });
    this.scheduled ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.run());
    return this.scheduled;
  }

  private run(): Promise<void> {
    this.scheduled = undefined;
    const batch = this.batch;
    this.batch = new Map();
    this.flushing = this.flushing.then(async () => {
      try {
        await this.store.tx(async (trx) => {
          const now = this.now();
          for (const { to, events } of batch.values()) {
            await ensureLogGroup(trx, to, now);
            await appendLogEvents(trx, { ...to, createStream: true }, events, now);
          }
        });
      } catch (e) {
        this.log.warn({ err: e }, 'lambda log lines not written');
      }
    });
    return this.flushing;
  }

  flush(): Promise<void> {
    return this.scheduled ?? this.flushing;
  }
}
