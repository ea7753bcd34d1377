#!/usr/bin/env node
// cognate's foundation benchmark against cognito-local and a bare node:http ceiling.
// Full run (~15 min):  COGNATE_BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/test node bench/run.mjs
// Smoke run (<1 min):  node bench/run.mjs --quick
// What each number means: docs/benchmarks.md.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { scrypt } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';
import { blast, useAutocannon } from './lib/load.mjs';
import { eachTarget, killAll, Server } from './lib/procs.mjs';
import { ceilingSpec, cognatePostgres, cognateSqlite, cognitoLocal } from './lib/targets.mjs';
import { runTarget } from './lib/scenario.mjs';
import { markdown } from './lib/report.mjs';
import { cognateVersion, ensurePeers, PEER_VERSIONS, prepareRun, saveResults } from './lib/preamble.mjs';
import { loadavg } from './lib/cpu.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = join(BENCH, '..');
const PEERS = join(BENCH, '.peers');

const USAGE = `usage: node bench/run.mjs [options]      (each option also as an environment variable)
  --quick                 smoke run: small sizes, 1 s per workload            [BENCH_QUICK=1]
  --targets LIST          cognito-local,sqlite,postgres                       [BENCH_TARGETS]
  --pg URL                PostgreSQL to create the bench database in          [COGNATE_BENCH_PG_URL, else COGNATE_TEST_PG_URL]
  --sizes S,M,L           users for writes / reads / scale (1000,20000,100000) [BENCH_SIZES]
  --connections N         keep-alive connections (16)                          [BENCH_CONNECTIONS]
  --seconds N             seconds per read workload (10)                       [BENCH_SECONDS]
  --write-seconds N       seconds per write workload (10)                      [BENCH_WRITE_SECONDS]
  --warmup-seconds N      unmeasured warm-up before each workload, 1 conn. (1)  [BENCH_WARMUP_SECONDS]
  --crash-seconds N       seconds of writes before the SIGKILL (5)             [BENCH_CRASH_SECONDS]
  --startup-runs N        restarts timed at the largest size (3)               [BENCH_STARTUP_RUNS]
  --low-kdf N,r,p         KDF cost for the store-path workloads (16,1,1)       [BENCH_LOW_KDF]
  --processes N           cognate as N server processes on one port (1)       [BENCH_PROCESSES]
  --no-build              do not run tsc first                                 [BENCH_NO_BUILD=1]
  --keep                  keep the data folders and the PostgreSQL database    [BENCH_KEEP=1]
  --json FILE             where to write the results (bench/.results/<time>.json)
`;

function options() {
  const { values: v } = parseArgs({
    options: {
      quick: { type: 'boolean' },
      targets: { type: 'string' },
      pg: { type: 'string' },
      sizes: { type: 'string' },
      connections: { type: 'string' },
      seconds: { type: 'string' },
      'write-seconds': { type: 'string' },
      'warmup-seconds': { type: 'string' },
      'crash-seconds': { type: 'string' },
      'startup-runs': { type: 'string' },
      'low-kdf': { type: 'string' },
      processes: { type: 'string' },
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
  const num = (flag, name, full, smoke) => Number(v[flag] ?? env[name] ?? (quick ? smoke : full));
  return {
    quick,
    targets: (v.targets ?? env.BENCH_TARGETS ?? 'cognito-local,sqlite,postgres').split(','),
    pg: v.pg ?? env.COGNATE_BENCH_PG_URL ?? env.COGNATE_TEST_PG_URL,
    sizes: (v.sizes ?? env.BENCH_SIZES ?? (quick ? '1000,2000,5000' : '1000,20000,100000')).split(',').map(Number),
    connections: num('connections', 'BENCH_CONNECTIONS', 16, 16),
    seconds: num('seconds', 'BENCH_SECONDS', 10, 1),
    writeSeconds: num('write-seconds', 'BENCH_WRITE_SECONDS', 10, 1),
    warmupSeconds: num('warmup-seconds', 'BENCH_WARMUP_SECONDS', 1, 0),
    crashSeconds: num('crash-seconds', 'BENCH_CRASH_SECONDS', 5, 1),
    startupRuns: num('startup-runs', 'BENCH_STARTUP_RUNS', 3, 1),
    processes: num('processes', 'BENCH_PROCESSES', 1, 1),
    lowKdf: v['low-kdf'] ?? env.BENCH_LOW_KDF ?? '16,1,1',
    build: !(v['no-build'] || env.BENCH_NO_BUILD === '1'),
    keep: v.keep || env.BENCH_KEEP === '1',
    json: v.json,
  };
}

async function machine(o) {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const sqlite = new Database(':memory:');
  const info = {
    nproc: Number(execFileSync('nproc').toString().trim()),
    cpu: /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? cpus()[0]?.model,
    memoryGiB: +(totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    sqlite: sqlite.prepare('select sqlite_version() as v').get().v,
    ...cognateVersion(ROOT),
    peers: PEER_VERSIONS,
    loadAverageAtStart: loadavg(),
  };
  sqlite.close();
  if (o.pg && o.targets.includes('postgres')) {
    const c = new pg.Client({ connectionString: o.pg });
    await c.connect();
    info.postgres = (await c.query('show server_version')).rows[0].server_version;
    await c.end();
  }
  return info;
}

/** What one sign-up's password hash costs at cognate's default KDF (src/config.ts DEFAULT_KDF). */
async function kdfCost(runs) {
  const { DEFAULT_KDF: cost } = await import(join(ROOT, 'dist/src/config.js'));
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await new Promise((resolve, reject) =>
      scrypt('Passw0rd!', 'saltsaltsaltsalt', 32, { ...cost, maxmem: 128 * cost.N * cost.r * 2 + 2 ** 20 }, (e) =>
        e ? reject(e) : resolve(),
      ),
    );
    times.push(performance.now() - t0);
  }
  return { ...cost, runsMs: times, medianMs: [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)] };
}

async function main() {
  const o = options();
  const started = Date.now();
  useAutocannon(ensurePeers(BENCH));
  // The saved options never carry a database password.
  const saved = prepareRun(ROOT, o);
  const run = { startedAt: new Date(started).toISOString(), options: saved, machine: await machine(o), targets: [] };
  run.kdf = await kdfCost(o.quick ? 1 : 3);
  process.stderr.write(`scrypt at cognate's default cost: ${run.kdf.medianMs.toFixed(0)} ms per hash\n`);

  const ceiling = await Server.start(
    ceilingSpec(BENCH),
    async (base) => (await fetch(base, { method: 'POST', body: '{}' })).status === 200,
  );
  process.stderr.write(`[ceiling] node:http fixed JSON x ${o.connections} connections for ${o.seconds} s\n`);
  const fixed = () => '{"UserPoolId":"us-east-1_bench","Username":"user000001"}';
  if (o.warmupSeconds)
    await blast({
      base: ceiling.base,
      operation: 'AdminGetUser',
      connections: 1,
      seconds: o.warmupSeconds,
      body: fixed,
    });
  run.ceiling = await blast({
    base: ceiling.base,
    operation: 'AdminGetUser',
    connections: o.connections,
    seconds: o.seconds,
    body: fixed,
  });
  process.stderr.write(
    `  ${run.ceiling.rps.toFixed(0)}/s p50 ${run.ceiling.p50.toFixed(2)} ms p99 ${run.ceiling.p99.toFixed(2)} ms\n`,
  );
  await ceiling.stop();

  const makers = {
    'cognito-local': () => cognitoLocal(PEERS),
    sqlite: () => cognateSqlite(ROOT),
    postgres: () => cognatePostgres(ROOT, o.pg),
  };
  await eachTarget(
    o.targets,
    (key) => makers[key](),
    o.keep,
    async (key, t) => {
      const t0 = Date.now();
      const result = await runTarget(t, o);
      result.seconds = (Date.now() - t0) / 1000;
      const label = o.processes > 1 && key !== 'cognito-local' ? `${t.label}, ${o.processes} processes` : t.label;
      run.targets.push({ key, label, result });
    },
  );
  run.seconds = (Date.now() - started) / 1000;
  const table = markdown(run);
  const file = saveResults(run, BENCH, '', o.json);
  const m = run.machine;
  process.stdout.write(
    `\n${o.quick ? 'SMOKE RUN (--quick): small sizes, 1 s windows; not the measurement.\n' : ''}` +
      `${m.nproc} × ${m.cpu}, ${m.memoryGiB} GiB, node ${m.node}, SQLite ${m.sqlite}${m.postgres ? `, PostgreSQL ${m.postgres}` : ''}, cognate ${m.cognate}${m.uncommittedFiles ? ` (+${m.uncommittedFiles} uncommitted files)` : ''}, load average at start ${m.loadAverageAtStart}\n` +
      `scrypt N=${run.kdf.N},r=${run.kdf.r},p=${run.kdf.p} (cognate's default KDF): ${run.kdf.medianMs.toFixed(0)} ms per hash\n\n${table}\n\n` +
      `total ${run.seconds.toFixed(0)} s; results in ${file}\n`,
  );
}

main().catch((e) => {
  killAll();
  process.stderr.write(`bench failed: ${e.stack ?? e}\n`);
  process.exit(1);
});
