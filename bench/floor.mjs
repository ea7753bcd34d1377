#!/usr/bin/env node
// How much of the node:http ceiling AdminGetUser by username can reach at all on this machine:
// the ceiling (bench/ceiling-server.mjs), the floor (node:http and the reads nothing can skip:
// bench/floor-server.mjs, the same two SQLite reads; bench/floor-server-pg.mjs, one PostgreSQL round
// trip joining pool and user) and cognate, on one store, measured in turns (ceiling, floor,
// cognate, ceiling, ...) so that drift in the machine touches all of them alike; cognate once as one
// process and once as `--processes N` (N server processes on one port; 2 unless --processes).
// Run:  node bench/floor.mjs [--store sqlite|postgres] [--pg URL] [--rounds 3] [--seconds 8] [--warmup-seconds 1] [--users 20000] [--no-build] [--cpu-prof DIR] [--processes N]
// (--pg: where to create the bench database; COGNATE_BENCH_PG_URL or COGNATE_TEST_PG_URL unless given)
// (--warmup-seconds: unmeasured load before each window, the first second on one connection, the rest
// on 16; 1 s warms the JIT, while cognate's kept views of users fill over a pass through all of them)
// (--cpu-prof: a V8 CPU profile of each single-process cognate run, for bench/profile-summary.mjs;
// the bare servers write none, they end on SIGTERM without Node's orderly exit)
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { blast, useAutocannon } from './lib/load.mjs';
import { eachTarget, Server } from './lib/procs.mjs';
import { ceilingSpec, cognatePostgres, cognateSqlite } from './lib/targets.mjs';
import { adminCreateUser, emailOf, must, POOL_REQUEST, username } from './lib/aws.mjs';
import { cognateVersion, ensurePeers, prepareRun } from './lib/preamble.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = join(BENCH, '..');
const { values: o } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '8' },
    'warmup-seconds': { type: 'string', default: '1' },
    users: { type: 'string', default: '20000' },
    'no-build': { type: 'boolean' },
    'cpu-prof': { type: 'string' },
    processes: { type: 'string', default: '2' },
    store: { type: 'string', default: 'sqlite' },
    pg: { type: 'string' },
  },
});
const rounds = Number(o.rounds);
const seconds = Number(o.seconds);
const warmupSeconds = Number(o['warmup-seconds']);
const users = Number(o.users);
const ACCOUNT = '000000000000';
const REGION = 'us-east-1';
const store = o.store;
if (store !== 'sqlite' && store !== 'postgres') throw new Error(`--store sqlite or postgres, not ${store}`);
const pgUrl = o.pg ?? process.env.COGNATE_BENCH_PG_URL ?? process.env.COGNATE_TEST_PG_URL;
if (store === 'postgres' && !pgUrl) throw new Error('--store postgres needs --pg URL (or COGNATE_BENCH_PG_URL)');
const storeName = store === 'sqlite' ? 'SQLite' : 'PostgreSQL';

prepareRun(ROOT, { build: !o['no-build'], targets: [store] });
useAutocannon(ensurePeers(BENCH, ['autocannon']));

const withProfile = (spec) =>
  o['cpu-prof']
    ? { ...spec, args: (port) => ['--cpu-prof', '--cpu-prof-dir', o['cpu-prof'], ...spec.args(port)] }
    : spec;
const results = { ceiling: [], floor: [], cognate: [], cognate2: [] };
const cpu = { ceiling: [], floor: [], cognate: [], cognate2: [] };
await eachTarget(
  [store],
  async () => (store === 'sqlite' ? cognateSqlite(ROOT) : cognatePostgres(ROOT, pgUrl)),
  false,
  async (_key, target) => {
    // One store: cognate makes the pool and a template user, the seeder copies it to `users` users.
    const up = (base) => fetch(`${base}/health`).then((r) => r.ok);
    let cognate = await Server.start(target.spec(), up);
    const poolId = (await must(cognate.base, 'CreateUserPool', POOL_REQUEST)).UserPool.Id;
    await must(cognate.base, 'AdminCreateUser', adminCreateUser(poolId, username(0), emailOf(0)));
    await cognate.stop();
    await target.seed(poolId, username(0), 1, users);
    cognate = await Server.start(target.spec(), up);
    await cognate.stop();

    const body = () => JSON.stringify({ UserPoolId: poolId, Username: username(Math.floor(Math.random() * users)) });
    const specs = {
      ceiling: ceilingSpec(BENCH),
      floor:
        store === 'sqlite'
          ? {
              label: 'floor',
              args: (port) => [join(BENCH, 'floor-server.mjs'), String(port), target.file, ACCOUNT, REGION],
              cwd: ROOT,
            }
          : {
              label: 'floor',
              args: (port) => [join(BENCH, 'floor-server-pg.mjs'), String(port), target.url, ACCOUNT, REGION],
              cwd: ROOT,
            },
      cognate: withProfile(target.spec()),
      cognate2: target.spec(undefined, Number(o.processes)),
    };
    for (let r = 0; r < rounds; r++) {
      for (const [name, spec] of Object.entries(specs)) {
        const s = await Server.start(
          spec,
          async (base) => (await fetch(base, { method: 'POST', body: body() })).status < 500,
        );
        await blast({ base: s.base, operation: 'AdminGetUser', connections: 1, seconds: 1, body });
        if (warmupSeconds > 1)
          await blast({ base: s.base, operation: 'AdminGetUser', connections: 16, seconds: warmupSeconds - 1, body });
        const cpu0 = s.cpuSeconds();
        const res = await blast({ base: s.base, operation: 'AdminGetUser', connections: 16, seconds, body });
        const cpu1 = s.cpuSeconds();
        await s.stop();
        res.userUs = ((cpu1.user - cpu0.user) * 1e6) / res.ok;
        res.systemUs = ((cpu1.system - cpu0.system) * 1e6) / res.ok;
        if (res.bad)
          throw new Error(`${name} answered ${res.bad} requests with errors: ${JSON.stringify(res.statuses)}`);
        results[name].push(res.rps);
        cpu[name].push(res);
        process.stderr.write(
          `round ${r + 1} ${name.padEnd(8)} ${res.rps.toFixed(0)}/s p50 ${res.p50.toFixed(2)} ms, server CPU per request ${res.userUs.toFixed(0)} us user + ${res.systemUs.toFixed(0)} us kernel\n`,
        );
      }
    }
  },
);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const m = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v)]));
const cpuOf = (k) =>
  `${median(cpu[k].map((r) => r.userUs)).toFixed(0)} + ${median(cpu[k].map((r) => r.systemUs)).toFixed(0)} µs`;
const pct = (x) => `${Math.round((100 * x) / m.ceiling)}%`;
const { cognate: commit, uncommittedFiles } = cognateVersion(ROOT);
console.log(
  `\nAdminGetUser by username, ${users} users, 16 connections, ${rounds} rounds of ${seconds} s after ${warmupSeconds} s of warm-up (medians); cognate ${commit}${uncommittedFiles ? ` + ${uncommittedFiles} uncommitted files` : ''}`,
);
console.log('| server | requests/s | of the ceiling | server CPU per request (user + kernel) |\n|---|---|---|---|');
console.log(`| ceiling: node:http, fixed JSON body | ${m.ceiling.toFixed(0)}/s | 100% | ${cpuOf('ceiling')} |`);
console.log(
  `| floor: node:http + ${store === 'sqlite' ? 'the same two SQLite reads' : 'one PostgreSQL round trip (pool and user joined)'} | ${m.floor.toFixed(0)}/s | ${pct(m.floor)} | ${cpuOf('floor')} |`,
);
const ofFloor = (x) => `${Math.round((100 * x) / m.floor)}% of the floor`;
console.log(
  `| cognate (${storeName}) | ${m.cognate.toFixed(0)}/s | ${pct(m.cognate)} (${ofFloor(m.cognate)}) | ${cpuOf('cognate')} |`,
);
console.log(
  `| cognate (${storeName}), --processes ${o.processes} | ${m.cognate2.toFixed(0)}/s | ${pct(m.cognate2)} (${ofFloor(m.cognate2)}) | ${cpuOf('cognate2')} |`,
);
if (store === 'postgres')
  console.log('\n(server CPU counts the Node processes only, not the PostgreSQL backends that answer them)');
