// Invocation output into CloudWatch Logs: lines wait in memory and go out in the store's next
// write-behind batch (Store.writeBehind: within 100 ms, one transaction with whatever else waits),
// /aws/lambda/<name> and the worker's stream made on first use, as Lambda does. So invocations
// share a write instead of each taking the store's write lock; a reader of the logs in this process
// has the batch written first (Store.writtenBehind).
import type { Logger } from 'pino';
import type { Store, Tx } from '../store/store.js';
import { appendLogEvents, type LogGroupAddress } from '../store/log-events.js';

type Batch = Map<
  string,
  { to: LogGroupAddress & { stream: string }; events: { timestamp: number; message: string }[] }
>;

export class LogWriter {
  private batch: Batch = new Map();

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {}

  write(to: LogGroupAddress & { stream: string }, lines: string[]): void {
    const key = `${to.account}\n${to.region}\n${to.group}\n${to.stream}`;
    let entry = this.batch.get(key);
    if (!entry) this.batch.set(key, (entry = { to, events: [] }));
    const at = this.now();
    for (const line of lines) entry.events.push({ timestamp: at, message: line });
    this.store.writeBehind(this.drain, this.failed);
  }

  private readonly drain = async (trx: Tx): Promise<void> => {
    const batch = this.batch;
    this.batch = new Map();
    const now = this.now();
    for (const { to, events } of batch.values())
      await appendLogEvents(trx, { ...to, createGroup: true, createStream: true }, events, now);
  };

  private readonly failed = (e: unknown): void => this.log.warn({ err: e }, 'lambda log lines not written');
}
