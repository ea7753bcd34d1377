// CPU used over a span: by one server process, by the postgres backends serving it (given by pid),
// by this bench process, and the whole machine's busy share. Linux /proc; clock ticks are 1/100 s.
import { readFileSync } from 'node:fs';

export const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

function ticks(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const x = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return Number(x[11]) + Number(x[12]);
  } catch {
    return 0;
  }
}

function machine() {
  const x = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return { busy: x[0] + x[1] + x[2] + x[5] + x[6] + x[7], total: x.reduce((a, b) => a + b, 0) };
}

/** Starts measuring; the function returned gives CPU seconds used since, and the machine's busy share. */
export function cpuMeter(pid, { postgresPids } = {}) {
  const p0 = ticks(pid);
  const pg0 = postgresPids && new Map(postgresPids.map((id) => [id, ticks(id)]));
  const b0 = process.cpuUsage();
  const m0 = machine();
  const w0 = performance.now();
  return () => {
    const m1 = machine();
    const b1 = process.cpuUsage(b0);
    let pgSeconds;
    if (pg0) {
      pgSeconds = 0;
      for (const [id, t] of pg0) pgSeconds += Math.max(0, ticks(id) - t) / 100; // a backend gone since is not counted
    }
    return {
      wallSeconds: (performance.now() - w0) / 1000,
      serverSeconds: (ticks(pid) - p0) / 100,
      postgresSeconds: pgSeconds,
      benchSeconds: (b1.user + b1.system) / 1e6,
      machineBusy: (m1.busy - m0.busy) / (m1.total - m0.total),
    };
  };
}
