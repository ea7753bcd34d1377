// One warm worker: a child process running a function's handler, one invocation at a time. The
// timeout is enforced by killing the process; a process that dies (a crash, process.exit, memory
// exhausted) ends its invocation with Lambda's Runtime.ExitError and is not used again.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { PYTHON_BOOTSTRAP } from './python-bootstrap.js';

export interface WorkerSpec {
  runtime: string;
  codeDir: string;
  memorySize: number;
  env: Record<string, string>;
}

export interface LambdaError {
  errorType?: string;
  errorMessage: string;
  [k: string]: unknown;
}

export type Outcome =
  | { kind: 'ok'; payload: string; logs: string[]; rss: number }
  | { kind: 'error'; error: LambdaError; logs: string[]; rss: number }
  | { kind: 'timeout'; logs: string[] }
  | { kind: 'exit'; status: string; logs: string[] };

interface Done {
  t: 'done';
  id: string;
  ok: boolean;
  error?: LambdaError;
  rss: number;
  exit?: boolean;
}

const NODE_BOOTSTRAP = fileURLToPath(new URL('./node-bootstrap.js', import.meta.url));

export const isPython = (runtime: string) => runtime.startsWith('python');

export class Worker {
  readonly stream = `${randomBytes(16).toString('hex')}`;
  /** its CloudWatch Logs stream, YYYY/MM/DD/[version]<id> */
  streamName = '';
  readonly startedAt = performance.now();
  /** milliseconds from spawn to the handler loaded, reported once as Init Duration */
  initMs: number | undefined;
  initReported = false;
  lastUsed = Date.now();
  dead = false;
  readonly ready: Promise<void>;
  private readonly proc: ChildProcess;
  private readonly input: Writable;
  private logs: string[] = [];
  private pending: ((o: Outcome) => void) | undefined;

  constructor(spec: WorkerSpec, onExit: (w: Worker) => void) {
    const stdio = ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] as const;
    const env = { ...spec.env, PATH: process.env.PATH ?? '/usr/bin:/bin' };
    this.proc = isPython(spec.runtime)
      ? spawn('python3', ['-u', '-c', PYTHON_BOOTSTRAP], { cwd: spec.codeDir, env, stdio: [...stdio] })
      : spawn(
          process.execPath,
          [`--max-old-space-size=${Math.max(32, Math.floor(spec.memorySize * 0.9))}`, NODE_BOOTSTRAP],
          { cwd: spec.codeDir, env, stdio: [...stdio] },
        );
    this.input = this.proc.stdio[3] as Writable;
    this.input.on('error', () => {}); // a dead worker's pipe; its exit is handled below
    let markReady: () => void = () => {};
    this.ready = new Promise((resolve) => {
      markReady = resolve;
    });
    const lines = createInterface({ input: this.proc.stdio[4] as Readable });
    // a successful answer, waiting for the line after it: the handler's result as it is
    let answered: Done | undefined;
    lines.on('line', (line) => {
      if (answered) {
        const done = answered;
        answered = undefined;
        this.settle(this.doneOutcome(done, line));
        return;
      }
      let m: { t: string; s?: string } & Partial<Omit<Done, 't'>>;
      try {
        m = JSON.parse(line);
      } catch {
        return;
      }
      if (m.t === 'log') this.logs.push(m.s ?? '');
      else if (m.t === 'ready') {
        this.initMs = performance.now() - this.startedAt;
        markReady();
      } else if (m.t === 'done') {
        if (m.ok) answered = m as unknown as Done;
        else this.settle(this.doneOutcome(m as unknown as Done));
      }
    });
    this.proc.on('exit', (code, signal) => {
      this.dead = true;
      markReady();
      lines.close();
      this.settle({
        kind: 'exit',
        status: signal ? `signal: ${signal === 'SIGKILL' ? 'killed' : signal}` : `exit status ${code}`,
        logs: this.takeLogs(),
      });
      onExit(this);
    });
    this.proc.on('error', () => {
      this.dead = true;
      markReady();
    });
  }

  private doneOutcome(m: Done, payload?: string): Outcome {
    const logs = this.takeLogs();
    return m.ok
      ? { kind: 'ok', payload: payload ?? 'null', logs, rss: m.rss }
      : { kind: 'error', error: m.error ?? { errorMessage: 'Unknown error' }, logs, rss: m.rss };
  }

  private takeLogs(): string[] {
    const l = this.logs;
    this.logs = [];
    return l;
  }

  private settle(o: Outcome): void {
    const p = this.pending;
    this.pending = undefined;
    p?.(o);
  }

  /** Runs one invocation; the worker is killed when `timeoutMs` passes first. */
  async invoke(request: string, timeoutMs: number): Promise<Outcome> {
    await this.ready;
    if (this.dead) return { kind: 'exit', status: 'exit status 1', logs: this.takeLogs() };
    return new Promise<Outcome>((resolve) => {
      const timer = setTimeout(() => {
        this.pending = undefined;
        resolve({ kind: 'timeout', logs: this.takeLogs() });
        this.kill();
      }, timeoutMs);
      this.pending = (o) => {
        clearTimeout(timer);
        this.lastUsed = Date.now();
        resolve(o);
      };
      this.input.write(`${request}\n`);
    });
  }

  kill(): void {
    this.dead = true;
    this.proc.kill('SIGKILL');
  }
}
