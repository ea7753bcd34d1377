// Load generators. Both are closed-loop over keep-alive connections: each of N connections sends
// its next request when the previous answer arrives.
//  - blast(): autocannon, for reads and the ceiling (its own HTTP client is far cheaper than
//    node:http's, so the generator is not what limits a fast server). Latencies are taken from
//    its per-response event with sub-millisecond precision (its own histogram rounds to 1 ms).
//  - closedLoop(): node:http, for writes and the crash test. It stops sending at the deadline
//    and then waits for every request in flight, so a server slower than the window still gets
//    its answers counted (throughput = answers / time to the last answer), and it knows which
//    request each answer acknowledges.
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRequire } from 'node:module';
import { headersFor, post } from './aws.mjs';

let autocannon;
export function useAutocannon(peersDir) {
  autocannon = createRequire(`${peersDir}/`)('autocannon');
}

export function percentile(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function summarize(latencies, ok, bad, seconds, extra = {}) {
  const sorted = Float64Array.from(latencies).sort();
  return {
    ok,
    bad,
    seconds: +seconds.toFixed(3),
    rps: ok / seconds,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    ...extra,
  };
}

/** autocannon against POST / with `operation`; body() makes each request's JSON. */
export async function blast({ base, operation, body, connections, seconds }) {
  const latencies = [];
  let ok = 0;
  let bad = 0;
  const statuses = {};
  const instance = autocannon({
    url: base,
    connections,
    duration: seconds,
    pipelining: 1,
    timeout: 60,
    requests: [
      {
        method: 'POST',
        path: '/',
        headers: headersFor(operation),
        setupRequest: (req) => ({ ...req, body: body() }),
      },
    ],
  });
  instance.on('response', (_client, status, _bytes, ms) => {
    if (status >= 200 && status < 300) {
      ok++;
      latencies.push(ms);
    } else {
      bad++;
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  });
  const result = await instance;
  return summarize(latencies, ok, bad, result.duration, { errors: result.errors + result.timeouts, statuses });
}

/**
 * node:http closed loop. next() returns { operation, body, tag }; tags of 200 answers are
 * passed to onAck. With `until` (a promise), loops stop at the first connection error after it
 * resolves, which is how the crash test ends.
 */
export async function closedLoop({ base, connections, seconds, next, onAck, until }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies = [];
  const errorsSeen = {};
  let ok = 0;
  let bad = 0;
  let failures = 0;
  let stopped = false;
  until?.then(() => {
    stopped = true;
  });
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  let lastAnswer = t0;
  async function connection() {
    while (!stopped && performance.now() < deadline) {
      const { operation, body, tag } = next();
      const t = performance.now();
      let r;
      try {
        r = await post(base, operation, body, agent);
      } catch (e) {
        failures++;
        if (stopped) return;
        errorsSeen[e.code ?? e.message] = (errorsSeen[e.code ?? e.message] ?? 0) + 1;
        continue;
      }
      lastAnswer = performance.now();
      if (r.status === 200) {
        ok++;
        latencies.push(lastAnswer - t);
        onAck?.(tag);
      } else {
        bad++;
        const key = `${r.status} ${r.body.__type ?? ''}`;
        errorsSeen[key] = (errorsSeen[key] ?? 0) + 1;
      }
    }
  }
  await Promise.all(Array.from({ length: connections }, connection));
  agent.destroy();
  return summarize(latencies, ok, bad, (lastAnswer - t0) / 1000, { failures, errorsSeen });
}

/**
 * Open loop: call i is sent at t0 + i/rate whether or not earlier calls were answered (on up to
 * `maxSockets` keep-alive connections; past that they wait for one, and that wait counts as theirs).
 * send(agent, i) answers { status, error? }. Returns, per call, when it was due, sent and answered.
 */
export async function openLoop({ rate, seconds, send, maxSockets = 256 }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const total = Math.round(rate * seconds);
  const calls = [];
  const pending = [];
  const t0 = performance.now();
  let i = 0;
  while (i < total) {
    const due = Math.min(total, Math.floor(((performance.now() - t0) * rate) / 1000) + 1);
    for (; i < due; i++) {
      const c = { i, due: t0 + (i * 1000) / rate, sent: performance.now() };
      calls.push(c);
      pending.push(
        send(agent, i).then(
          (r) => Object.assign(c, { answered: performance.now(), status: r.status, error: r.error }),
          (e) => Object.assign(c, { answered: performance.now(), status: 0, error: e.code ?? e.message }),
        ),
      );
    }
    await sleep(1);
  }
  await Promise.all(pending);
  agent.destroy();
  return { t0, calls };
}

/** Runs fn over items with `concurrency` at a time. */
export async function eachLimit(items, concurrency, fn) {
  let i = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (i < items.length) await fn(items[i++]);
    }),
  );
}
