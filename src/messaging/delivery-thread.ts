// Delivery on a thread of its own. In the server's thread, each SMTP reply waits for the event
// loop's next turn, and under API load a turn lasts tens of milliseconds: measured with
// bench/messaging.mjs, the worker then delivered about 30 emails a second while the API queued
// over 1,000, and its CPU came out of the one core the API already used. Here the worker has
// its own event loop, store handle and transport, and the second core; the server's thread only
// posts a wake-up after each commit that queued messages. Delivery semantics are the worker's
// (worker.ts), whichever thread runs it.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { once } from 'node:events';
import { pino, type Logger } from 'pino';
import type { Config } from '../config.js';
import { openStore, type Store } from '../store/store.js';
import { buildTransport } from './transports/index.js';
import { DeliveryWorker } from './worker.js';

export interface Delivery {
  start(): void;
  wake(): void;
  stop(): Promise<void>;
}

const MARK = 'cognate-delivery';

/**
 * A server's delivery. On its own thread when it talks to a relay (SMTP, SMS webhook): those
 * conversations wait on event-loop turns, and the thread costs about 25 MB of memory, which
 * capture-only delivery (a database write per turn) does not need. In this thread also when it
 * must share this thread's clock (a test clock moved by hand) or its database (SQLite in memory
 * exists only for its connection).
 */
export function serverDelivery(config: Config, store: Store, log: Logger, now: () => number): Delivery {
  // Built here either way, so that a misconfigured transport fails the server's start.
  const transport = buildTransport(config, store, now);
  const relays = Boolean(config.smtpUrl || config.smsWebhookUrl);
  if (relays && now === Date.now && store.location !== ':memory:') {
    transport.close();
    return deliveryThread(config, log, store.writeTurn);
  }
  const worker = new DeliveryWorker({
    store,
    transport,
    log: log.child({ component: 'worker' }),
    leaseMs: config.deliveryLeaseMs,
    now,
  });
  return {
    start: () => worker.start(),
    wake: () => worker.wake(),
    async stop() {
      await worker.stop();
      transport.close();
    },
  };
}

/** The server's side: starts the thread, wakes it, restarts it if it dies, stops it. */
function deliveryThread(config: Config, log: Logger, writeTurn: Int32Array | undefined): Delivery {
  let thread: Worker | undefined;
  let stopping = false;
  const spawn = (): Worker => {
    const t = new Worker(new URL(import.meta.url), { workerData: { [MARK]: true, config, writeTurn } });
    t.unref();
    t.on('error', (err) => log.error({ err }, 'delivery thread failed'));
    t.on('exit', (code) => {
      // A thread that died while waiting for its turn at the write lock must not keep the server waiting.
      if (writeTurn) {
        Atomics.store(writeTurn, 0, 0);
        Atomics.notify(writeTurn, 0);
      }
      if (stopping) return;
      // Its claims expire and go out again (at least once); the new thread picks them up.
      log.error({ code }, 'delivery thread exited; restarting it');
      setTimeout(() => {
        if (!stopping) thread = spawn();
      }, 1000).unref();
    });
    return t;
  };
  return {
    start() {
      thread = spawn();
    },
    wake() {
      thread?.postMessage('wake');
    },
    async stop() {
      stopping = true;
      if (!thread || thread.threadId === -1) return;
      const exited = once(thread, 'exit');
      // Unreferenced while it runs (it must not keep a finished process alive), but awaited here.
      thread.ref();
      thread.postMessage('stop');
      await exited;
    },
  };
}

async function runThread(config: Config, writeTurn: Int32Array | undefined): Promise<void> {
  const log = pino({ level: config.logLevel }, pino.destination({ dest: 2, sync: false }));
  const store = await openStore({ ...config, askWriteTurn: writeTurn });
  const transport = buildTransport(config, store, Date.now);
  const worker = new DeliveryWorker({
    store,
    transport,
    log: log.child({ component: 'worker' }),
    leaseMs: config.deliveryLeaseMs,
  });
  const port = parentPort!;
  port.on('message', (msg) => {
    if (msg === 'wake') {
      worker.wake();
    } else if (msg === 'stop') {
      void (async () => {
        await worker.stop();
        transport.close();
        await store.close();
        log.flush();
        port.close();
      })();
    }
  });
  worker.start();
}

if (!isMainThread && (workerData as Record<string, unknown> | null)?.[MARK]) {
  const { config, writeTurn } = workerData as { config: Config; writeTurn?: Int32Array };
  await runThread(config, writeTurn);
}
