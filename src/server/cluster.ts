// `cognate start --processes N`: N server processes on one port and one store. Node's cluster
// module has the primary accept connections and hand them to the processes in turn; each process
// is a whole `cognate start` (its own event loop, store handle and delivery), so a request is
// served the same whichever takes it, as by instances behind a load balancer. What one process
// changes the others see on their next read (pools are re-read by version; see ARCHITECTURE.md).
//
// The primary serves nothing and loads none of cognate (its memory is Node's own). It starts one
// process, which brings the store's schema up to date as every start does, and the others once
// that one listens (so they never race to migrate); it prints the listening line once all of them
// listen, starts a new one when one dies, and stops them all on SIGTERM or SIGINT.
import cluster, { type Worker } from 'node:cluster';
import type { Config } from '../config.js';

/** What a server process tells the primary once it listens. */
export interface Listening {
  cognate: 'listening';
  url: string;
}

const isListening = (m: unknown): m is Listening =>
  typeof m === 'object' && m !== null && (m as Listening).cognate === 'listening';

/** In a server process started by the primary: report the address instead of printing it. */
export function reportListening(url: string): boolean {
  if (!cluster.isWorker || !process.send) return false;
  process.send({ cognate: 'listening', url } satisfies Listening);
  return true;
}

/** The primary: resolves with the exit code once every process has stopped. */
export async function runCluster(config: Config): Promise<number> {
  if (config.dbUrl === 'sqlite::memory:')
    throw new Error(
      '--processes needs a store the processes share (a SQLite file or PostgreSQL); sqlite::memory: lives in one process',
    );

  const say = (line: string) => process.stderr.write(`cognate: ${line}\n`);
  let stopping = false;
  let started = false;
  let exitCode = 0;
  const listening = new Set<Worker>();

  const fork = (then?: () => void) => {
    const w = cluster.fork();
    w.on('message', (m) => {
      if (!isListening(m)) return;
      listening.add(w);
      then?.();
      if (!started && listening.size === config.processes) {
        started = true;
        process.stdout.write(`cognate listening on ${m.url} (${config.processes} processes)\n`);
      }
    });
    w.on('exit', (code, signal) => {
      const served = listening.delete(w);
      if (stopping) return;
      if (!served) {
        // It never listened: a bad setting or a taken port, which another try would meet again.
        say(`a server process failed to start (${signal ?? `exit code ${code}`}); stopping`);
        exitCode = 1;
        stop();
        return;
      }
      say(`server process ${w.process.pid} ended (${signal ?? `exit code ${code}`}); starting another`);
      fork();
    });
  };

  const stop = () => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
  };

  fork(() => {
    for (let i = 1; i < config.processes; i++) fork();
  });
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await new Promise<void>((resolve) => {
    const check = () => {
      if (Object.keys(cluster.workers ?? {}).length === 0) resolve();
    };
    cluster.on('exit', () => setImmediate(check));
  });
  return exitCode;
}
