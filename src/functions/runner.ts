// Runs functions in warm workers: per function version, idle workers are kept and reused (a cold
// start only when none is free), at most MAX_WORKERS run at once (later invocations wait for one),
// and a worker idle for IDLE_MS is stopped. A changed function (new code or configuration: a new
// revision) never reuses a worker of the old one. Each invocation's output, framed by Lambda's
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

interface Slot {
  revision: string;
  idle: Worker[];
  busy: number;
  waiting: (() => void)[];
  /**
   * Invocations whose new worker is still starting: a worker freed meanwhile is given to the first
   * of them (which then runs warm, and its new worker, once up, is kept idle for a later call),
   * so a burst does not wait for a cold start where a warm worker frees up sooner. Each answers
   * whether it took the worker (false once it has one).
   */
  starting: ((w: Worker) => boolean)[];
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
      slot.revision = fn.revision;
    }
    if (!slot) this.slots.set(key, (slot = { revision: fn.revision, idle: [], busy: 0, waiting: [], starting: [] }));
    while (slot.busy >= MAX_WORKERS) await new Promise<void>((r) => slot.waiting.push(r));
    slot.busy++;
    let worker: Worker | undefined;
    const callerDeadline =
      inv.callerTimeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + inv.callerTimeoutMs;
    try {
      worker = slot.idle.pop() ?? (await this.started(slot, fn));
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
      this.release(slot, fn.revision, worker);
      worker = undefined;
      return result;
    } finally {
      if (worker && !worker.dead) worker.kill();
      slot.busy--;
      slot.waiting.shift()?.();
    }
  }

  /** A worker done with an invocation: to an invocation waiting for one to start, else idle, else stopped. */
  private release(slot: Slot, revision: string, worker: Worker): void {
    if (this.closed || worker.dead || slot.revision !== revision) {
      worker.kill();
      return;
    }
    while (slot.starting.length) if (slot.starting.shift()!(worker)) return;
    if (slot.idle.length < MAX_IDLE) slot.idle.push(worker);
    else worker.kill();
  }

  /** A new worker, started and ready, or one freed while it starts (see Slot.starting). */
  private started(slot: Slot, fn: FunctionImage): Promise<Worker> {
    return new Promise<Worker>((resolve, reject) => {
      let taken = false;
      const take = (w: Worker) => {
        if (taken) return false;
        taken = true;
        resolve(w);
        return true;
      };
      slot.starting.push(take);
      const leave = () => {
        const at = slot.starting.indexOf(take);
        if (at >= 0) slot.starting.splice(at, 1);
      };
      this.spawn(fn).then(
        async (w) => {
          await w.ready;
          leave();
          if (!take(w)) this.release(slot, fn.revision, w);
        },
        (e) => {
          leave();
          if (!taken) {
            taken = true;
            reject(e);
          }
        },
      );
    });
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
