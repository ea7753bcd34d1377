// Runs functions in warm workers: per function version, idle workers are kept and reused (a cold
// start only when none is free; a call that waits for one takes the first worker freed or started,
// at most MAX_STARTING starting at once), at most MAX_WORKERS run at once (later invocations wait
// for one), and a worker idle for IDLE_MS is stopped. A changed function (new code or
// configuration: a new revision) never reuses a worker of the old one. Each invocation's output, framed by Lambda's
// START, END and REPORT lines, goes to CloudWatch Logs as /aws/lambda/<name>.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Store } from '../store/store.js';
import { unpacked } from './code.js';
import { Worker, type LambdaError, type Outcome } from './worker.js';
import { LogWriter } from './logs.js';

/** What a worker needs of a function version (from Lambda's store). */
export interface FunctionImage {
  account: string;
  region: string;
  name: string;
  /** $LATEST or the published version that runs */
  version: string;
  revision: string;
  runtime: string;
  handler: string;
  /** seconds */
  timeout: number;
  memorySize: number;
  environment: Record<string, string>;
  codeSha256: string;
  /** the zip, base64; read only when the package is not unpacked yet */
  code: () => Promise<string>;
}

export interface Invocation {
  /** the ARN the caller named (qualified or not), the handler's context.invokedFunctionArn */
  invokedArn: string;
  /** JSON text */
  payload: string;
  clientContext?: unknown;
  /** the caller stops waiting after this many milliseconds, whatever the function's timeout (Cognito: 5 s) */
  callerTimeoutMs?: number;
}

export interface InvokeResult {
  requestId: string;
  /** JSON text: the handler's result, or Lambda's error object */
  payload: string;
  functionError?: 'Unhandled';
  /** the caller's own limit passed first (the function may not have timed out) */
  callerTimedOut?: boolean;
  /** the invocation's log lines, START to REPORT */
  log: string;
  durationMs: number;
}

const MAX_WORKERS = 8;
// As many kept warm as may run: with fewer, a steady concurrency between the two killed a worker
// after each invocation and cold-started another (SignUp with a no-op PreSignUp at 37% of without,
// p99 0.5 s; docs/benchmarks.md §6). Idle ones still stop after IDLE_MS.
const MAX_IDLE = MAX_WORKERS;
const IDLE_MS = 5 * 60_000;

/**
 * At most this many new workers start at once per function version. A burst of calls beyond the
 * warm workers started one worker per call, each a Node.js or Python process loading the handler,
 * while a warm worker, freed meanwhile, served the calls in a fraction of a millisecond each: the
 * first round of SignUp with a no-op PreSignUp had its p99 at 0.4 s on an idle machine, 5 s on a
 * loaded one, and spawning blocked the server's event loop (docs/benchmarks.md §6).
 */
const MAX_STARTING = 2;

/** One function version's workers (a changed function gets a new Slot; the old one serves its calls in flight). */
interface Slot {
  key: string;
  revision: string;
  idle: Worker[];
  /** invocations running or waiting for a worker */
  busy: number;
  /** invocations waiting for `busy` to drop below MAX_WORKERS */
  waiting: (() => void)[];
  /** invocations waiting for a worker: the next one freed or started is theirs, first come first served */
  wanting: { resolve: (w: Worker) => void; reject: (e: unknown) => void }[];
  /** workers starting */
  starting: number;
}

export class FunctionRunner {
  private readonly slots = new Map<string, Slot>();
  private readonly logs: LogWriter;
  private readonly reaper: NodeJS.Timeout;
  private closed = false;

  constructor(
    store: Store,
    private readonly endpoint: () => string,
    log: Logger,
    private readonly now: () => number,
  ) {
    this.logs = new LogWriter(store, log, now);
    this.reaper = setInterval(() => this.reap(), 30_000);
    this.reaper.unref();
  }

  async invoke(fn: FunctionImage, inv: Invocation): Promise<InvokeResult> {
    const requestId = randomUUID();
    const key = `${fn.account}/${fn.region}/${fn.name}/${fn.version}`;
    let slot = this.slots.get(key);
    if (slot && slot.revision !== fn.revision) {
      for (const w of slot.idle) w.kill();
      slot.idle = [];
      slot = undefined;
    }
    if (!slot)
      this.slots.set(
        key,
        (slot = { key, revision: fn.revision, idle: [], busy: 0, waiting: [], wanting: [], starting: 0 }),
      );
    while (slot.busy >= MAX_WORKERS) await new Promise<void>((r) => slot.waiting.push(r));
    slot.busy++;
    let worker: Worker | undefined;
    const callerDeadline =
      inv.callerTimeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + inv.callerTimeoutMs;
    try {
      worker = slot.idle.pop() ?? (await this.acquire(slot, fn));
      // Lambda's timeout starts once the handler is loaded (a cold start has its own); the caller's
      // wait (Cognito's 5 s) started with the call.
      await worker.ready;
      const deadline = Date.now() + fn.timeout * 1000;
      const timeoutMs = Math.max(0, Math.min(fn.timeout * 1000, callerDeadline - Date.now()));
      const callerLimited = callerDeadline - Date.now() < fn.timeout * 1000;
      const started = performance.now();
      const outcome = await worker.invoke(
        `{"id":${JSON.stringify(requestId)},"deadline":${deadline},"arn":${JSON.stringify(inv.invokedArn)},"clientContext":${JSON.stringify(inv.clientContext ?? null)},"event":${inv.payload}}`,
        timeoutMs,
      );
      const durationMs = performance.now() - started;
      const result = this.result(fn, worker, requestId, outcome, durationMs, callerLimited);
      this.release(slot, worker);
      worker = undefined;
      return result;
    } finally {
      if (worker && !worker.dead) worker.kill();
      slot.busy--;
      slot.waiting.shift()?.();
    }
  }

  /** A worker done with an invocation: to the first call waiting for one, else idle, else stopped. */
  private release(slot: Slot, worker: Worker): void {
    if (this.closed || worker.dead) {
      worker.kill();
      return;
    }
    const next = slot.wanting.shift();
    if (next) next.resolve(worker);
    else if (this.slots.get(slot.key) === slot && slot.idle.length < MAX_IDLE) slot.idle.push(worker);
    else worker.kill();
  }

  /** The next worker freed, or started for this call (at most MAX_STARTING at once). */
  private acquire(slot: Slot, fn: FunctionImage): Promise<Worker> {
    return new Promise<Worker>((resolve, reject) => {
      slot.wanting.push({ resolve, reject });
      this.startWorkers(slot, fn);
    });
  }

  /** Starts workers while more calls want one than are starting, MAX_STARTING at most at once. */
  private startWorkers(slot: Slot, fn: FunctionImage): void {
    while (slot.starting < MAX_STARTING && slot.starting < slot.wanting.length) {
      slot.starting++;
      this.spawn(fn).then(
        async (w) => {
          await w.ready;
          slot.starting--;
          // one that died starting still answers the call it was started for (Runtime.ExitError)
          const next = slot.wanting.shift();
          if (next) next.resolve(w);
          else this.release(slot, w);
          this.startWorkers(slot, fn);
        },
        (e) => {
          slot.starting--;
          slot.wanting.shift()?.reject(e);
          this.startWorkers(slot, fn);
        },
      );
    }
  }

  private async spawn(fn: FunctionImage): Promise<Worker> {
    const group = `/aws/lambda/${fn.name}`;
    const day = new Date(this.now()).toISOString().slice(0, 10).replace(/-/g, '/');
    let worker: Worker | undefined;
    const stream = () => `${day}/[${fn.version}]${worker?.stream ?? ''}`;
    const codeDir = await unpacked(fn.codeSha256, fn.code);
    worker = new Worker(
      {
        runtime: fn.runtime,
        codeDir,
        memorySize: fn.memorySize,
        env: {
          ...fn.environment,
          AWS_LAMBDA_FUNCTION_NAME: fn.name,
          AWS_LAMBDA_FUNCTION_VERSION: fn.version,
          AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
          AWS_LAMBDA_LOG_GROUP_NAME: group,
          AWS_LAMBDA_LOG_STREAM_NAME: '',
          AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9001',
          AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
          AWS_REGION: fn.region,
          AWS_DEFAULT_REGION: fn.region,
          // A 12-digit access key is that account to cognate (signatures are not checked).
          AWS_ACCESS_KEY_ID: fn.account,
          AWS_SECRET_ACCESS_KEY: 'cognate',
          AWS_ENDPOINT_URL: this.endpoint(),
          LAMBDA_TASK_ROOT: codeDir,
          LAMBDA_RUNTIME_DIR: codeDir,
          _HANDLER: fn.handler,
          TZ: ':UTC',
          LANG: 'en_US.UTF-8',
        },
      },
      () => {},
    );
    // the stream name holds the worker's id, known only once it exists
    worker.streamName = stream();
    return worker;
  }

  private result(
    fn: FunctionImage,
    worker: Worker,
    requestId: string,
    outcome: Outcome,
    durationMs: number,
    callerLimited: boolean,
  ): InvokeResult {
    const lines: string[] = [`START RequestId: ${requestId} Version: ${fn.version}\n`, ...outcome.logs];
    let payload: string;
    let functionError: 'Unhandled' | undefined;
    let status = '';
    let rss = 0;
    const errorPayload = (e: LambdaError) => JSON.stringify(e);
    switch (outcome.kind) {
      case 'ok':
        payload = outcome.payload;
        rss = outcome.rss;
        break;
      case 'error':
        payload = errorPayload(outcome.error);
        functionError = 'Unhandled';
        rss = outcome.rss;
        break;
      case 'timeout': {
        const seconds = callerLimited ? durationMs / 1000 : fn.timeout;
        const text = `Task timed out after ${seconds.toFixed(2)} seconds`;
        lines.push(`${new Date(this.now()).toISOString()} ${requestId} ${text}\n`);
        payload = errorPayload({
          errorType: 'Sandbox.Timedout',
          errorMessage: `RequestId: ${requestId} Error: ${text}`,
        });
        functionError = 'Unhandled';
        status = '\tStatus: timeout';
        break;
      }
      case 'exit':
        payload = errorPayload({
          errorType: 'Runtime.ExitError',
          errorMessage: `RequestId: ${requestId} Error: Runtime exited with error: ${outcome.status}`,
        });
        functionError = 'Unhandled';
        status = '\tStatus: error\tError Type: Runtime.ExitError';
        break;
    }
    const init =
      worker.initReported || worker.initMs === undefined ? '' : `\tInit Duration: ${worker.initMs.toFixed(2)} ms`;
    worker.initReported = true;
    lines.push(
      `END RequestId: ${requestId}\n`,
      `REPORT RequestId: ${requestId}\tDuration: ${durationMs.toFixed(2)} ms\tBilled Duration: ${Math.ceil(durationMs)} ms\tMemory Size: ${fn.memorySize} MB\tMax Memory Used: ${Math.ceil(rss / 1048576)} MB${init}${status}\t\n`,
    );
    this.logs.write(
      { account: fn.account, region: fn.region, group: `/aws/lambda/${fn.name}`, stream: worker.streamName },
      lines,
    );
    return {
      requestId,
      payload,
      ...(functionError ? { functionError } : {}),
      ...(outcome.kind === 'timeout' && callerLimited ? { callerTimedOut: true } : {}),
      log: lines.join(''),
      durationMs,
    };
  }

  private reap(): void {
    const cutoff = Date.now() - IDLE_MS;
    for (const slot of this.slots.values()) {
      const keep = slot.idle.filter((w) => w.lastUsed >= cutoff && !w.dead);
      for (const w of slot.idle) if (!keep.includes(w)) w.kill();
      slot.idle = keep;
    }
  }

  /** Stops the idle workers; a busy one stops when its invocation ends. */
  close(): void {
    this.closed = true;
    clearInterval(this.reaper);
    for (const slot of this.slots.values()) for (const w of slot.idle) w.kill();
    this.slots.clear();
  }
}
