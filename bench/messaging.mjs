#!/usr/bin/env node
// The messaging plane's benchmark: ResendConfirmationCode → outbox → delivery worker → SMTP relay
// → a local SMTP sink in this process, on SQLite and PostgreSQL.
//   (1) saturation: closed-loop calls on N connections; emails received per second, counted from
//       the first call to the last receipt, with every acknowledged email accounted for;
//   (2) open loop at half that rate: for each call, the time from its HTTP answer to the sink's
//       receipt of its email (matched by recipient: each call goes to a user of its own).
// Full run:  COGNATE_BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/test node bench/messaging.mjs
// Smoke run: node bench/messaging.mjs --quick
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { emailOf, errorText, must, post, signUp, username } from './lib/aws.mjs';
import { closedLoop, openLoop, percentile } from './lib/load.mjs';
import { eachTarget, killAll, Server } from './lib/procs.mjs';
import { cognatePostgres, cognateSqlite } from './lib/targets.mjs';
import { smtpSink } from './lib/smtp-sink.mjs';
import { cpuMeter as measureCpu, loadavg } from './lib/cpu.mjs';
import { cognateVersion, prepareRun, saveResults } from './lib/preamble.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = join(BENCH, '..');
const OPERATION = 'ResendConfirmationCode';
// Cognito throttles ResendConfirmationCode at 5 calls per user per hour; no user gets more than 4.
const CALLS_PER_USER = 4;
const TARGET_RATE = 500;
const TARGET_P99_MS = 250;

const USAGE = `usage: node bench/messaging.mjs [options]   (each option also as an environment variable)
  --quick              smoke run: 2 s windows, no warm-up                    [BENCH_QUICK=1]
  --targets LIST       sqlite,postgres                                       [BENCH_TARGETS]
  --pg URL             PostgreSQL to create the bench database in            [COGNATE_BENCH_PG_URL, else COGNATE_TEST_PG_URL]
  --connections N      closed-loop connections for the saturation run (16)   [BENCH_CONNECTIONS]
  --seconds N          saturation window (10)                                [BENCH_SECONDS]
  --open-seconds N     open-loop window (10)                                 [BENCH_OPEN_SECONDS]
  --open-rate N        open-loop calls per second (default: half the saturation rate) [BENCH_OPEN_RATE]
  --warmup-seconds N   unmeasured closed-loop warm-up (1)                    [BENCH_WARMUP_SECONDS]
  --max-rate N         calls per second the users are sized for (4000)       [BENCH_MAX_RATE]
  --no-build           do not run tsc first                                  [BENCH_NO_BUILD=1]
  --keep               keep the data folder and the PostgreSQL database      [BENCH_KEEP=1]
  --developer-sender   the pool sends through its own SES identity (EmailSendingAccount DEVELOPER),
                       not Cognito's default sender and its daily quota counter   [BENCH_DEVELOPER_SENDER=1]
  --cpu-prof DIR       write a CPU profile of each cognate process into DIR
  --json FILE          where to write the results (bench/.results/messaging-<time>.json)
`;

function options() {
  const { values: v } = parseArgs({
    options: {
      quick: { type: 'boolean' },
      targets: { type: 'string' },
      pg: { type: 'string' },
      connections: { type: 'string' },
      seconds: { type: 'string' },
      'open-seconds': { type: 'string' },
      'open-rate': { type: 'string' },
      'warmup-seconds': { type: 'string' },
      'max-rate': { type: 'string' },
      'cpu-prof': { type: 'string' },
      'developer-sender': { type: 'boolean' },
      'no-build': { type: 'boolean' },
      keep: { type: 'boolean' },
      json: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (v.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const env = process.env;
  const quick = v.quick || env.BENCH_QUICK === '1';
  const num = (flag, name, full, smoke) => {
    const x = v[flag] ?? env[name] ?? (quick ? smoke : full);
    return x === undefined ? undefined : Number(x);
  };
  return {
    quick,
    targets: (v.targets ?? env.BENCH_TARGETS ?? 'sqlite,postgres').split(','),
    pg: v.pg ?? env.COGNATE_BENCH_PG_URL ?? env.COGNATE_TEST_PG_URL,
    connections: num('connections', 'BENCH_CONNECTIONS', 16, 16),
    seconds: num('seconds', 'BENCH_SECONDS', 10, 2),
    openSeconds: num('open-seconds', 'BENCH_OPEN_SECONDS', 10, 2),
    openRate: num('open-rate', 'BENCH_OPEN_RATE'),
    warmupSeconds: num('warmup-seconds', 'BENCH_WARMUP_SECONDS', 1, 0),
    maxRate: num('max-rate', 'BENCH_MAX_RATE', 4000, 4000),
    build: !(v['no-build'] || env.BENCH_NO_BUILD === '1'),
    keep: v.keep || env.BENCH_KEEP === '1',
    cpuProf: v['cpu-prof'],
    developerSender: v['developer-sender'] || env.BENCH_DEVELOPER_SENDER === '1',
    json: v.json,
  };
}

const t0Run = performance.now();
const log = (t, msg) =>
  process.stderr.write(`${((performance.now() - t0Run) / 1000).toFixed(1).padStart(6)} s [${t.key}] ${msg}\n`);

/** CPU used by a process and by the whole machine over a span, as a share of one core / of all. */
function cpuMeter(pid) {
  const stop = measureCpu(pid);
  return () => {
    const c = stop();
    return {
      cognateCores: +(c.serverSeconds / c.wallSeconds).toFixed(2),
      benchCores: +(c.benchSeconds / c.wallSeconds).toFixed(2),
      machineBusy: +c.machineBusy.toFixed(2),
    };
  };
}

function stats(values) {
  const sorted = Float64Array.from(values).sort();
  return {
    n: sorted.length,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    max: sorted[sorted.length - 1],
  };
}

/** Emails received per whole second since t0. */
const perSecond = (times, t0) => {
  const out = [];
  for (const at of times) {
    const s = Math.floor((at - t0) / 1000);
    while (out.length <= s) out.push(0);
    out[s]++;
  }
  return out;
};

async function outboxLeft(base) {
  const left = {};
  for (const status of ['queued', 'sending', 'failed']) {
    const r = await fetch(`${base}/_cognate/messages?status=${status}&limit=1000`);
    left[status] = (await r.json()).messages.length;
  }
  return left;
}

async function runTarget(t, o, sink) {
  const res = { label: t.label, loadAverageAtStart: loadavg(), notes: [] };
  const spec0 = t.spec('16,1,1');
  const prof = o.cpuProf ? ['--cpu-prof', '--cpu-prof-dir', o.cpuProf] : [];
  const spec = {
    ...spec0,
    args: (port) => [...prof, ...spec0.args(port), '--smtp-url', `smtp://127.0.0.1:${sink.port}`],
  };
  const srv = await Server.start(spec, async (base) => (await fetch(`${base}/health`)).status === 200);
  try {
    // A pool that emails a code at sign-up; its users stay UNCONFIRMED, so codes can be resent.
    const sender = o.developerSender
      ? {
          EmailConfiguration: {
            EmailSendingAccount: 'DEVELOPER',
            SourceArn: 'arn:aws:ses:us-east-1:000000000000:identity/no-reply@example.com',
          },
        }
      : {};
    const poolId = (
      await must(srv.base, 'CreateUserPool', {
        PoolName: 'bench-messaging',
        AutoVerifiedAttributes: ['email'],
        ...sender,
      })
    ).UserPool.Id;
    const clientId = (await must(srv.base, 'CreateUserPoolClient', { UserPoolId: poolId, ClientName: 'bench' }))
      .UserPoolClient.ClientId;
    await must(srv.base, 'SignUp', signUp(clientId, username(0), emailOf(0)));
    await sink.settle(1, 10_000);
    sink.take();
    let seeded = 1;
    async function users(n) {
      const from = seeded;
      await t.seed(poolId, username(0), from, from + n);
      seeded += n;
      const r = await post(srv.base, 'AdminGetUser', { UserPoolId: poolId, Username: username(seeded - 1) });
      if (r.status !== 200 || r.body.UserStatus !== 'UNCONFIRMED')
        throw new Error(`a seeded user does not read back as UNCONFIRMED: ${errorText(r)}`);
      log(t, `seeded ${n} UNCONFIRMED users (${from}..${seeded - 1})`);
      return from;
    }
    const resend = (i) => ({ ClientId: clientId, Username: username(i) });

    // Closed loop over `count` users, round robin, at most CALLS_PER_USER calls each.
    async function saturate(seconds, count) {
      const from = await users(count);
      let k = 0;
      let ranOut;
      const until = new Promise((resolve) => {
        ranOut = resolve;
      });
      const acks = [];
      const next = () => {
        // The loops see the stop one call late each: stop early enough that none goes over.
        if (++k >= CALLS_PER_USER * count - o.connections) ranOut();
        const i = from + (k % count);
        return { operation: OPERATION, body: resend(i), tag: i };
      };
      const cpu = cpuMeter(srv.pid);
      const t0 = performance.now();
      const api = await closedLoop({
        base: srv.base,
        connections: o.connections,
        seconds,
        next,
        until,
        onAck: () => acks.push(performance.now()),
      });
      const apiCpu = cpu();
      await sink.settle(api.ok, 30_000);
      const got = sink.take();
      const ids = new Set(got.map((r) => r.id));
      const last = Math.max(...got.map((r) => r.at));
      const windowEnd = t0 + seconds * 1000;
      return {
        seconds,
        connections: o.connections,
        users: count,
        ranOutOfUsers: k >= CALLS_PER_USER * count - o.connections,
        api: {
          ok: api.ok,
          bad: api.bad,
          failures: api.failures,
          errorsSeen: api.errorsSeen,
          rps: api.rps,
          p50: api.p50,
          p99: api.p99,
        },
        cpuDuringCalls: apiCpu,
        received: got.length,
        unique: ids.size,
        duplicates: got.length - ids.size,
        lost: Math.max(0, api.ok - ids.size),
        withoutMessageId: got.filter((r) => !r.id).length,
        firstCallToLastReceiptS: +((last - t0) / 1000).toFixed(3),
        emailsPerSecond: ids.size / ((last - t0) / 1000),
        backlogAtWindowEnd: acks.filter((a) => a <= windowEnd).length - got.filter((r) => r.at <= windowEnd).length,
        receivedPerSecondInWindow: got.filter((r) => r.at <= windowEnd).length / seconds,
        perSecond: perSecond(
          got.map((r) => r.at),
          t0,
        ),
      };
    }

    if (o.warmupSeconds) {
      log(t, `warm-up: ${OPERATION} x ${o.connections} connections for ${o.warmupSeconds} s`);
      await saturate(o.warmupSeconds, Math.ceil((o.maxRate * o.warmupSeconds) / CALLS_PER_USER) + o.connections);
    }
    const loop = monitorEventLoopDelay({ resolution: 5 });
    log(t, `saturation: ${OPERATION} x ${o.connections} connections for ${o.seconds} s (load average ${loadavg()})`);
    res.loadAverageSaturation = loadavg();
    loop.enable();
    const sat = await saturate(o.seconds, Math.ceil((o.maxRate * o.seconds) / CALLS_PER_USER) + o.connections);
    loop.disable();
    sat.benchEventLoopP99Ms = loop.percentile(99) / 1e6;
    res.saturation = sat;
    log(
      t,
      `  ${sat.emailsPerSecond.toFixed(0)} emails/s (API ${sat.api.rps.toFixed(0)}/s), ${sat.unique} received, ${sat.lost} lost, ${sat.duplicates} duplicated, ${sat.api.bad + sat.api.failures} errors; cognate ${sat.cpuDuringCalls.cognateCores} cores, bench ${sat.cpuDuringCalls.benchCores}, machine ${Math.round(sat.cpuDuringCalls.machineBusy * 100)}% busy`,
    );
    if (sat.ranOutOfUsers)
      res.notes.push(`the saturation run used up its users before the window ended; raise --max-rate`);
    if (sat.api.bad || sat.api.failures) res.notes.push(`saturation errors: ${JSON.stringify(sat.api.errorsSeen)}`);

    await srv.idle();
    const rate = o.openRate ?? Math.max(1, Math.round(sat.emailsPerSecond / 2));
    const n = Math.round(rate * o.openSeconds);
    const from = await users(n);
    log(t, `open loop: ${n} calls at ${rate}/s, one per user (load average ${loadavg()})`);
    res.loadAverageOpenLoop = loadavg();
    loop.reset();
    loop.enable();
    const cpu = cpuMeter(srv.pid);
    const { t0, calls } = await openLoop({
      rate,
      seconds: o.openSeconds,
      send: (agent, i) =>
        post(srv.base, OPERATION, resend(from + i), agent).then((r) => ({
          status: r.status,
          error: r.status === 200 ? undefined : errorText(r),
        })),
    });
    const ok = calls.filter((c) => c.status === 200);
    await sink.settle(ok.length, 30_000);
    const openCpu = cpu();
    loop.disable();
    const got = sink.take();
    const byRecipient = new Map();
    for (const r of got) byRecipient.set(r.to, [...(byRecipient.get(r.to) ?? []), r]);
    const delays = [];
    const bySecond = [];
    let lost = 0;
    for (const c of ok) {
      const r = byRecipient.get(emailOf(from + c.i))?.[0];
      if (!r) {
        lost++;
        continue;
      }
      delays.push(r.at - c.answered);
      (bySecond[Math.floor((c.due - t0) / 1000)] ??= []).push(r.at - c.answered);
    }
    const errors = {};
    for (const c of calls) if (c.error) errors[c.error] = (errors[c.error] ?? 0) + 1;
    res.openLoop = {
      rate,
      seconds: o.openSeconds,
      calls: calls.length,
      ok: ok.length,
      errors,
      lateSendP99Ms: stats(calls.map((c) => c.sent - c.due)).p99,
      api: stats(ok.map((c) => c.answered - c.sent)),
      answerToReceipt: stats(delays),
      answerToReceiptBySecond: bySecond.map((d) => {
        const x = stats(d);
        return { p50: +x.p50.toFixed(1), p99: +x.p99.toFixed(1), max: +x.max.toFixed(1) };
      }),
      dueToReceipt: stats(
        ok.flatMap(
          (c) =>
            byRecipient
              .get(emailOf(from + c.i))
              ?.slice(0, 1)
              .map((r) => r.at - c.due) ?? [],
        ),
      ),
      received: got.length,
      lost,
      duplicates: got.length - new Set(got.map((r) => r.id)).size,
      emailsPerSecond: got.length / ((Math.max(...got.map((r) => r.at)) - t0) / 1000),
      cpu: openCpu,
      benchEventLoopP99Ms: loop.percentile(99) / 1e6,
    };
    const ol = res.openLoop;
    log(
      t,
      `  receipt − answer p50 ${ol.answerToReceipt.p50?.toFixed(1)} ms p99 ${ol.answerToReceipt.p99?.toFixed(1)} ms max ${ol.answerToReceipt.max?.toFixed(1)} ms; API p99 ${ol.api.p99?.toFixed(1)} ms; ${lost} lost; cognate ${openCpu.cognateCores} cores, bench ${openCpu.benchCores}, machine ${Math.round(openCpu.machineBusy * 100)}% busy`,
    );
    if (Object.keys(errors).length) res.notes.push(`open-loop errors: ${JSON.stringify(errors)}`);
    res.outboxLeft = await outboxLeft(srv.base);
    res.peakRss = srv.peakRss();
    if (res.outboxLeft.queued + res.outboxLeft.sending + res.outboxLeft.failed)
      res.notes.push(`left in the outbox: ${JSON.stringify(res.outboxLeft)}`);
  } finally {
    await srv.stop();
  }
  return res;
}

const int = (n) => (n === undefined || Number.isNaN(n) ? '–' : Math.round(n).toLocaleString('en-US'));
const ms = (n) =>
  n === undefined || Number.isNaN(n) ? '–' : n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0);
const cpuCell = (c) => `${c.cognateCores} · ${c.benchCores} · ${Math.round(c.machineBusy * 100)}%`;
const verdict = (ok, text) => `${ok ? 'PASS' : 'FAIL'} ${text}`;

function markdown(run) {
  const ts = run.targets;
  const o = run.options;
  const row = (label, f) => `| ${label} | ${ts.map((t) => f(t.result)).join(' | ')} |`;
  return [
    `| ${OPERATION} → SMTP sink | ${ts.map((t) => t.label).join(' | ')} |`,
    `|---|${ts.map(() => '---').join('|')}|`,
    row('load average at the saturation run (1, 5, 15 min)', (r) => r.loadAverageSaturation),
    row(
      `saturation, ${o.connections} connections, ${o.seconds} s: emails/s (first call to last receipt)`,
      (r) => `**${int(r.saturation.emailsPerSecond)}/s**`,
    ),
    row(
      '· API answers/s · p50 · p99 ms',
      (r) => `${int(r.saturation.api.rps)}/s · ${ms(r.saturation.api.p50)} · ${ms(r.saturation.api.p99)}`,
    ),
    row(
      '· answered / received / lost / duplicated',
      (r) =>
        `${int(r.saturation.api.ok)} / ${int(r.saturation.unique)} / ${r.saturation.lost} / ${r.saturation.duplicates}`,
    ),
    row(
      '· emails/s received during the call window · outbox backlog at its end',
      (r) => `${int(r.saturation.receivedPerSecondInWindow)}/s · ${int(r.saturation.backlogAtWindowEnd)}`,
    ),
    row('· CPU: cognate · bench (cores) · machine busy', (r) => cpuCell(r.saturation.cpuDuringCalls)),
    row(
      `open loop, ${o.openSeconds} s: calls/s (half the saturation rate) · load average`,
      (r) => `${int(r.openLoop.rate)}/s · ${r.loadAverageOpenLoop}`,
    ),
    row(
      '· API answer − receipt: p50 · p99 · max ms',
      (r) =>
        `**${ms(r.openLoop.answerToReceipt.p50)} · ${ms(r.openLoop.answerToReceipt.p99)}** · ${ms(r.openLoop.answerToReceipt.max)}`,
    ),
    row('· API latency p50 · p99 ms', (r) => `${ms(r.openLoop.api.p50)} · ${ms(r.openLoop.api.p99)}`),
    row(
      '· answered / received / lost / duplicated',
      (r) =>
        `${int(r.openLoop.ok)} / ${int(r.openLoop.received - r.openLoop.duplicates)} / ${r.openLoop.lost} / ${r.openLoop.duplicates}`,
    ),
    row('· CPU: cognate · bench (cores) · machine busy', (r) => cpuCell(r.openLoop.cpu)),
    row('peak RSS of cognate (VmHWM)', (r) => (r.peakRss ? `${(r.peakRss / 1e6).toFixed(0)} MB` : '–')),
    row(`target: ≥ ${TARGET_RATE} emails/s`, (r) =>
      verdict(
        r.saturation.emailsPerSecond >= TARGET_RATE && r.saturation.lost === 0,
        `${int(r.saturation.emailsPerSecond)}/s`,
      ),
    ),
    row(`target: p99 answer → receipt < ${TARGET_P99_MS} ms at half load`, (r) =>
      verdict(
        r.openLoop.answerToReceipt.p99 < TARGET_P99_MS && r.openLoop.lost === 0,
        `${ms(r.openLoop.answerToReceipt.p99)} ms`,
      ),
    ),
  ].join('\n');
}

async function main() {
  const o = options();
  const started = Date.now();
  const saved = prepareRun(ROOT, o);
  const run = {
    startedAt: new Date(started).toISOString(),
    options: saved,
    targets: [],
    machine: {
      nproc: Number(execFileSync('nproc').toString().trim()),
      node: process.version,
      loadAverageAtStart: loadavg(),
      ...cognateVersion(ROOT),
    },
  };
  const sink = await smtpSink();
  const make = async (key) => (key === 'postgres' ? cognatePostgres(ROOT, o.pg) : cognateSqlite(ROOT));
  try {
    await eachTarget(o.targets, make, o.keep, async (key, t) => {
      run.targets.push({ key, label: t.label, result: await runTarget(t, o, sink) });
    });
  } finally {
    await sink.close();
  }
  run.seconds = (Date.now() - started) / 1000;
  const file = saveResults(run, BENCH, 'messaging-', o.json);
  const m = run.machine;
  const notes = run.targets.flatMap((t) => t.result.notes.map((n) => `- ${t.label}: ${n}`));
  process.stdout.write(
    `\n${o.quick ? 'SMOKE RUN (--quick): 2 s windows; not the measurement.\n' : ''}` +
      `${m.nproc} cores, node ${m.node}, cognate ${m.cognate}${m.uncommittedFiles ? ` (+${m.uncommittedFiles} uncommitted files)` : ''}, load average at start ${m.loadAverageAtStart}\n\n` +
      `${markdown(run)}\n${notes.length ? `\nNotes:\n${notes.join('\n')}\n` : ''}\ntotal ${run.seconds.toFixed(0)} s; results in ${file}\n`,
  );
}

main().catch((e) => {
  killAll();
  process.stderr.write(`bench failed: ${e.stack ?? e}\n`);
  process.exit(1);
});
