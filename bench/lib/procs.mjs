// Server processes under test: spawn, time to first answered request, peak memory, idle
// detection, graceful stop and SIGKILL. Every process is a child of the bench, tracked here so
// an interrupted run ends exactly the processes it started.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const live = new Set();

/** Ends every server this run started (on error or Ctrl-C). */
export function killAll() {
  for (const child of live) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function procStatus(pid, field) {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** utime + stime of a process, in clock ticks (1/100 s); `part` 'user' or 'system' for one of them. */
function cpuTicks(pid, part) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const [user, system] = [Number(fields[11]), Number(fields[12])];
    return part === 'user' ? user : part === 'system' ? system : user + system;
  } catch {
    return undefined;
  }
}

/** A process and its descendants (`cognate start --processes N` is a primary and N children). */
function family(pid) {
  const all = [pid];
  for (let i = 0; i < all.length; i++) {
    try {
      for (const task of readdirSync(`/proc/${all[i]}/task`)) {
        all.push(
          ...readFileSync(`/proc/${all[i]}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
        );
      }
    } catch {
      // gone
    }
  }
  return all;
}

/** Sums `read(pid)` over a process's family; undefined once the process itself is gone. */
function familySum(pid, read) {
  const own = read(pid);
  if (own === undefined) return undefined;
  return family(pid)
    .slice(1)
    .reduce((sum, p) => sum + (read(p) ?? 0), own);
}

/**
 * A running server. `ready(base)` is the probe of the first answered request: it resolves true
 * once the server gave the answer wanted, false (or throws) to try again.
 */
export class Server {
  constructor({ label, args, cwd, env, port }) {
    Object.assign(this, { label, args, cwd, env, port });
    this.base = `http://127.0.0.1:${port}`;
    this.output = [];
  }

  static async start(spec, ready, { timeoutMs = 120_000 } = {}) {
    const port = await freePort();
    const s = new Server({
      ...spec,
      port,
      args: spec.args(port),
      env: { ...process.env, ...(spec.env?.(port) ?? {}) },
    });
    const t0 = performance.now();
    s.child = spawn(process.execPath, s.args, { cwd: s.cwd, env: s.env, stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(s.child);
    s.exited = new Promise((resolve) =>
      s.child.once('exit', (code, signal) => {
        live.delete(s.child);
        s.exitInfo = { code, signal };
        resolve(s.exitInfo);
      }),
    );
    const keep = (chunk) => {
      // The tail is kept for error reports; the pipes must be drained either way.
      s.output.push(chunk.toString('utf8'));
      if (s.output.length > 50) s.output.shift();
    };
    s.child.stdout.on('data', keep);
    s.child.stderr.on('data', keep);
    for (;;) {
      if (s.exitInfo) throw new Error(`${s.label} exited during start (${JSON.stringify(s.exitInfo)}):\n${s.tail()}`);
      let ok = false;
      try {
        ok = await ready(s.base);
      } catch {
        // not listening yet
      }
      if (ok) break;
      if (performance.now() - t0 > timeoutMs) {
        s.child.kill('SIGKILL');
        throw new Error(`${s.label} did not answer within ${timeoutMs} ms:\n${s.tail()}`);
      }
      await sleep(2);
    }
    s.startupMs = performance.now() - t0;
    return s;
  }

  get pid() {
    return this.child.pid;
  }

  tail() {
    return this.output.join('').split('\n').slice(-20).join('\n');
  }

  /** CPU seconds used so far by the server's processes, in user space and in the kernel. */
  cpuSeconds() {
    return {
      user: familySum(this.pid, (p) => cpuTicks(p, 'user')) / 100,
      system: familySum(this.pid, (p) => cpuTicks(p, 'system')) / 100,
    };
  }

  /** Peak resident set size so far (VmHWM), in bytes; of all its processes, the sum of their peaks. */
  peakRss() {
    return familySum(this.pid, (p) => procStatus(p, 'VmHWM'));
  }

  /**
   * Waits until the server has stopped working through requests a load generator left behind
   * (a slow server keeps computing answers nobody waits for): at most one clock tick (10 ms)
   * of CPU in each of two consecutive 100 ms spans.
   */
  async idle({ maxMs = 120_000 } = {}) {
    const t0 = performance.now();
    let quiet = 0;
    const ticks = () => familySum(this.pid, cpuTicks);
    let last = ticks();
    while (quiet < 2 && performance.now() - t0 < maxMs) {
      await sleep(100);
      const now = ticks();
      if (now === undefined) return;
      quiet = now - last <= 1 ? quiet + 1 : 0;
      last = now;
    }
    return performance.now() - t0;
  }

  async stop({ timeoutMs = 15_000 } = {}) {
    if (this.exitInfo) return this.exitInfo;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const info = await this.exited;
    clearTimeout(timer);
    return info;
  }

  async kill9() {
    this.child.kill('SIGKILL');
    return this.exited;
  }
}

/**
 * Makes each target named in `keys` in turn (`make(key)`) and runs `fn(key, target)` on it. Every
 * server the run started stops, and every target's data goes (kept with `keep`), at the end, on an
 * error, and on Ctrl-C.
 */
export async function eachTarget(keys, make, keep, fn) {
  const made = [];
  const cleanup = async () => {
    killAll();
    for (const t of made) await t.cleanup(keep).catch(() => {});
  };
  process.once('SIGINT', () => {
    process.stderr.write('interrupted: stopping servers, removing bench data\n');
    cleanup().finally(() => process.exit(130));
  });
  try {
    for (const key of keys) {
      const t = await make(key);
      made.push(t);
      await fn(key, t);
    }
  } finally {
    await cleanup();
  }
}
