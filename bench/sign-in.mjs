#!/usr/bin/env node
// Sign-ins per second on SQLite and PostgreSQL, against a bare node:http ceiling measured with the
// same generator in the same run:
//   (1) USER_SRP_AUTH: complete sign-ins (InitiateAuth, then RespondToAuthChallenge
//       PASSWORD_VERIFIER, ending with tokens), closed loop on N connections over many users;
//   (2) USER_PASSWORD_AUTH at cognate's default KDF (scrypt N=8192,r=8,p=10), on few connections:
//       cognate runs one hash per core at once and queues the rest;
//   (3) USER_PASSWORD_AUTH at a low KDF (16,1,1): what a sign-in costs besides the hash;
//   (4) one scrypt verification at the default cost, alone, in this process.
// cognate runs at its default KDF throughout; the users of (1) and (3) got their passwords while it
// ran at the low cost (a stored hash keeps its own cost), those of (2) after the restart.
// The SRP client is bench/lib/srp-client.mjs (native modular exponentiation), checked against the
// server before anything is measured: a wrong signature is refused, a right one yields tokens.
// --events: (1) and (3) also run against a second pool on the Plus plan with threat protection in
// audit-only mode (AdvancedSecurityMode AUDIT), where every sign-in writes an auth event, side by
// side with the first pool's (mode OFF: nothing written); the table shows events-on ÷ events-off.
// Full run:  COGNATE_BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/test node bench/sign-in.mjs
// Smoke run: node bench/sign-in.mjs --quick
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { adminCreateUser, errorText, must, post } from './lib/aws.mjs';
import { eachLimit, percentile } from './lib/load.mjs';
import { eachTarget, killAll, Server } from './lib/procs.mjs';
import { ceilingSpec, cognatePostgres, cognateSqlite } from './lib/targets.mjs';
import { cpuMeter, loadavg } from './lib/cpu.mjs';
import { cognateVersion, prepareRun, saveResults } from './lib/preamble.mjs';
import { ephemeral, passwordVerifier } from './lib/srp-client.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = join(BENCH, '..');
const TARGET_SRP_RATE = 500;
const PASSWORD = 'Passw0rd!';

const USAGE = `usage: node bench/sign-in.mjs [options]   (each option also as an environment variable)
  --quick              smoke run: 2 s windows, fewer users                     [BENCH_QUICK=1]
  --targets LIST       sqlite,postgres                                         [BENCH_TARGETS]
  --pg URL             PostgreSQL to create the bench database in              [COGNATE_BENCH_PG_URL, else COGNATE_TEST_PG_URL]
  --connections N      keep-alive connections for SRP and low-KDF sign-ins (16) [BENCH_CONNECTIONS]
  --kdf-connections N  connections for sign-ins at the default KDF (4)         [BENCH_KDF_CONNECTIONS]
  --workloads LIST     srp,passwordDefault,passwordLow                         [BENCH_WORKLOADS]
  --seconds N          seconds per workload (10)                               [BENCH_SECONDS]
  --warmup-seconds N   unmeasured warm-up before each workload (1)             [BENCH_WARMUP_SECONDS]
  --users N            users signed in by (1) and (3) (2000)                   [BENCH_USERS]
  --kdf-users N        users with a default-cost hash, for (2) (24)            [BENCH_KDF_USERS]
  --low-kdf N,r,p      the low KDF cost of (3) (16,1,1)                        [BENCH_LOW_KDF]
  --client-a-bytes N   bytes of the SRP client's secret a: the library draws 128; 32 costs the
                       generator a quarter and looks the same to the server (32) [BENCH_CLIENT_A_BYTES]
  --ephemerals N       client (a, A) pairs made before the windows, used in turn (2048) [BENCH_EPHEMERALS]
  --scrypt-runs N      scrypt verifications timed alone (9)                    [BENCH_SCRYPT_RUNS]
  --events             also measure (1) and (3) on a pool that records auth events [BENCH_EVENTS=1]
  --no-build           do not run tsc first                                    [BENCH_NO_BUILD=1]
  --keep               keep the data folder and the PostgreSQL database        [BENCH_KEEP=1]
  --cpu-prof DIR       write a CPU profile of each measured cognate process into DIR
  --json FILE          where to write the results (bench/.results/sign-in-<time>.json)
`;

function options() {
  const { values: v } = parseArgs({
    options: {
      quick: { type: 'boolean' },
      targets: { type: 'string' },
      pg: { type: 'string' },
      connections: { type: 'string' },
      'kdf-connections': { type: 'string' },
      workloads: { type: 'string' },
      seconds: { type: 'string' },
      'warmup-seconds': { type: 'string' },
      users: { type: 'string' },
      'kdf-users': { type: 'string' },
      'low-kdf': { type: 'string' },
      'client-a-bytes': { type: 'string' },
      ephemerals: { type: 'string' },
      'scrypt-runs': { type: 'string' },
      'no-build': { type: 'boolean' },
      events: { type: 'boolean' },
      keep: { type: 'boolean' },
      'cpu-prof': { type: 'string' },
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
  const events = v.events || env.BENCH_EVENTS === '1';
  return {
    events,
    quick,
    targets: (v.targets ?? env.BENCH_TARGETS ?? 'sqlite,postgres').split(','),
    pg: v.pg ?? env.COGNATE_BENCH_PG_URL ?? env.COGNATE_TEST_PG_URL,
    workloads: (
      v.workloads ??
      env.BENCH_WORKLOADS ??
      (events ? 'srp,srpEvents,passwordDefault,passwordLow,passwordLowEvents' : 'srp,passwordDefault,passwordLow')
    ).split(','),
    connections: num('connections', 'BENCH_CONNECTIONS', 16, 16),
    kdfConnections: num('kdf-connections', 'BENCH_KDF_CONNECTIONS', 4, 4),
    seconds: num('seconds', 'BENCH_SECONDS', 10, 2),
    warmupSeconds: num('warmup-seconds', 'BENCH_WARMUP_SECONDS', 1, 0),
    users: num('users', 'BENCH_USERS', 2000, 200),
    kdfUsers: num('kdf-users', 'BENCH_KDF_USERS', 24, 6),
    lowKdf: v['low-kdf'] ?? env.BENCH_LOW_KDF ?? '16,1,1',
    clientABytes: num('client-a-bytes', 'BENCH_CLIENT_A_BYTES', 32, 32),
    ephemerals: num('ephemerals', 'BENCH_EPHEMERALS', 2048, 512),
    scryptRuns: num('scrypt-runs', 'BENCH_SCRYPT_RUNS', 9, 3),
    build: !(v['no-build'] || env.BENCH_NO_BUILD === '1'),
    keep: v.keep || env.BENCH_KEEP === '1',
    cpuProf: v['cpu-prof'],
    json: v.json,
  };
}

const t0Run = performance.now();
const log = (key, msg) =>
  process.stderr.write(`${((performance.now() - t0Run) / 1000).toFixed(1).padStart(6)} s [${key}] ${msg}\n`);

/**
 * Closed loop of tasks on `connections` keep-alive connections: each starts its next task when the
 * last one ends, until the deadline; tasks in flight then finish and count (rate = tasks / time
 * to the last end). A task resolves undefined when it succeeded, or the reason it did not.
 */
async function closedLoopTasks({ connections, seconds, task }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies = [];
  const errorsSeen = {};
  let ok = 0;
  let bad = 0;
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  let last = t0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) {
        const t = performance.now();
        let error;
        try {
          error = await task(agent);
        } catch (e) {
          error = e.code ?? e.message;
        }
        last = performance.now();
        if (error === undefined) {
          ok++;
          latencies.push(last - t);
        } else {
          bad++;
          errorsSeen[error] = (errorsSeen[error] ?? 0) + 1;
        }
      }
    }),
  );
  agent.destroy();
  const sorted = Float64Array.from(latencies).sort();
  const s = (last - t0) / 1000;
  return {
    connections,
    ok,
    bad,
    errorsSeen,
    seconds: +s.toFixed(3),
    rps: ok / s,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
  };
}

/** A workload: warm-up, then the measured window with the load average and CPU around it. */
async function measure(key, srv, o, { connections, task, postgres }) {
  if (o.warmupSeconds) await closedLoopTasks({ connections, seconds: o.warmupSeconds, task });
  await srv?.idle();
  const load = loadavg();
  const cpu = srv ? cpuMeter(srv.pid, { postgresPids: await postgres?.() }) : undefined;
  const r = await closedLoopTasks({ connections, seconds: o.seconds, task });
  const used = cpu?.();
  r.loadAverage = load;
  if (used) {
    const per = (sec) => (sec === undefined ? undefined : (sec * 1000) / r.ok);
    Object.assign(r, {
      cpu: used,
      serverCpuMsPerOp: per(used.serverSeconds),
      postgresCpuMsPerOp: per(used.postgresSeconds),
      benchCpuMsPerOp: per(used.benchSeconds),
    });
  }
  log(
    key,
    `  ${r.rps.toFixed(0)}/s p50 ${r.p50?.toFixed(2)} ms p99 ${r.p99?.toFixed(2)} ms${r.serverCpuMsPerOp ? `, cognate ${r.serverCpuMsPerOp.toFixed(2)} ms CPU each` : ''}, load average ${load}${r.bad ? ` (${r.bad} errors: ${JSON.stringify(r.errorsSeen)})` : ''}`,
  );
  return r;
}

/** One scrypt verification at cognate's default cost, through cognate's own code, nothing else running here. */
async function scryptAlone(o) {
  const { hashPassword, verifyPassword } = await import(join(ROOT, 'dist/src/crypto/passwords.js'));
  const { DEFAULT_KDF } = await import(join(ROOT, 'dist/src/config.js'));
  const stored = await hashPassword(PASSWORD, DEFAULT_KDF);
  const load = loadavg();
  const runsMs = [];
  for (let i = 0; i < o.scryptRuns; i++) {
    const t = performance.now();
    if (!(await verifyPassword(PASSWORD, stored))) throw new Error('scrypt: the right password did not verify');
    runsMs.push(performance.now() - t);
  }
  const sorted = [...runsMs].sort((a, b) => a - b);
  return {
    ...DEFAULT_KDF,
    memoryBytes: 128 * DEFAULT_KDF.N * DEFAULT_KDF.r,
    runsMs,
    medianMs: sorted[Math.floor((sorted.length - 1) / 2)],
    minMs: sorted[0],
    loadAverage: load,
  };
}

const cognateUser = (i) => `s${String(i).padStart(6, '0')}`;
const kdfUser = (i) => `k${String(i).padStart(6, '0')}`;
const CHECK_USER = 'srp-check';

async function runTarget(t, o, ephemerals) {
  const res = { label: t.label, notes: [], workloads: {} };
  const prof = o.cpuProf ? ['--cpu-prof', '--cpu-prof-dir', o.cpuProf] : [];
  const healthy = async (base) => (await fetch(`${base}/health`)).status === 200;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const make = async (base, names, pool = poolId) =>
    eachLimit(names, 8, async (name) => {
      for (const [operation, body] of [
        ['AdminCreateUser', adminCreateUser(pool, name, `${name}@example.com`)],
        ['AdminSetUserPassword', { UserPoolId: pool, Username: name, Password: PASSWORD, Permanent: true }],
      ]) {
        const r = await post(base, operation, body, agent);
        if (r.status !== 200) throw new Error(`${operation} ${name}: ${errorText(r)}`);
      }
    });

  // Setup, not measured: the pool (MFA off, as created), a client for both flows, and users whose
  // passwords are hashed at the low cost (their SRP verifiers are made at the same time).
  let srv = await Server.start(t.spec(o.lowKdf), healthy);
  const poolId = (await must(srv.base, 'CreateUserPool', { PoolName: 'bench-sign-in' })).UserPool.Id;
  const clientId = (
    await must(srv.base, 'CreateUserPoolClient', {
      UserPoolId: poolId,
      ClientName: 'bench',
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    })
  ).UserPoolClient.ClientId;
  // --events: the same users in a pool whose every sign-in writes an auth event.
  let eventsPool;
  if (o.events) {
    const id = (
      await must(srv.base, 'CreateUserPool', {
        PoolName: 'bench-sign-in-events',
        UserPoolTier: 'PLUS',
        UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' },
      })
    ).UserPool.Id;
    const client = (
      await must(srv.base, 'CreateUserPoolClient', {
        UserPoolId: id,
        ClientName: 'bench',
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      })
    ).UserPoolClient.ClientId;
    eventsPool = { poolId: id, clientId: client };
  }
  let began = performance.now();
  await make(srv.base, [CHECK_USER, ...Array.from({ length: o.users }, (_, i) => cognateUser(i))]);
  if (eventsPool)
    await make(
      srv.base,
      Array.from({ length: o.users }, (_, i) => cognateUser(i)),
      eventsPool.poolId,
    );
  log(
    t.key,
    `made ${o.users + 1} users with passwords at --kdf ${o.lowKdf} in ${((performance.now() - began) / 1000).toFixed(1)} s`,
  );
  await srv.stop();

  // cognate as it ships: the default KDF. The few users of (2) get default-cost hashes now.
  srv = await Server.start(
    { ...t.spec(undefined), args: (port) => [...prof, ...t.spec(undefined).args(port)] },
    healthy,
  );
  try {
    began = performance.now();
    await make(
      srv.base,
      Array.from({ length: o.kdfUsers }, (_, i) => kdfUser(i)),
    );
    log(
      t.key,
      `made ${o.kdfUsers} users with passwords at the default KDF in ${((performance.now() - began) / 1000).toFixed(1)} s`,
    );
    agent.destroy();

    let turn = 0;
    const plain = { poolId, clientId };
    const srpSignIn =
      (name, { tamper = false, replay, pool = plain } = {}) =>
      async (a) => {
        const eph = ephemerals[turn++ % ephemerals.length];
        const first = await post(
          srv.base,
          'InitiateAuth',
          { AuthFlow: 'USER_SRP_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: name, SRP_A: eph.srpA } },
          a,
        );
        if (first.status !== 200) return `InitiateAuth ${errorText(first)}`;
        if (first.body.ChallengeName !== 'PASSWORD_VERIFIER')
          return `InitiateAuth answered ${first.body.ChallengeName}`;
        const ChallengeResponses = passwordVerifier({
          userPoolId: pool.poolId,
          password: PASSWORD,
          eph,
          params: first.body.ChallengeParameters,
          tamper,
        });
        const second = await post(
          srv.base,
          'RespondToAuthChallenge',
          { ChallengeName: 'PASSWORD_VERIFIER', ClientId: pool.clientId, ChallengeResponses },
          a,
        );
        replay?.push(() =>
          post(srv.base, 'RespondToAuthChallenge', {
            ChallengeName: 'PASSWORD_VERIFIER',
            ClientId: clientId,
            ChallengeResponses,
          }),
        );
        if (second.status !== 200) return `RespondToAuthChallenge ${errorText(second)}`;
        const tokens = second.body.AuthenticationResult;
        if (!tokens?.AccessToken || !tokens.IdToken || !tokens.RefreshToken)
          return `RespondToAuthChallenge answered ${second.body.ChallengeName ?? 'no tokens'}`;
        return undefined;
      };
    const passwordSignIn =
      (name, pool = plain) =>
      async (a) => {
        const r = await post(
          srv.base,
          'InitiateAuth',
          { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: name, PASSWORD } },
          a,
        );
        if (r.status !== 200) return `InitiateAuth ${errorText(r)}`;
        return r.body.AuthenticationResult?.AccessToken
          ? undefined
          : `InitiateAuth answered ${r.body.ChallengeName ?? 'no tokens'}`;
      };

    // The client is checked once against the server (on a user of its own: the wrong signature
    // counts towards that user's lockout): wrong refused, right signed in, a spent block refused.
    const wrong = await srpSignIn(CHECK_USER, { tamper: true })();
    if (!/NotAuthorizedException Incorrect username or password/.test(wrong ?? ''))
      throw new Error(`a wrong PASSWORD_CLAIM_SIGNATURE was not refused: ${wrong ?? 'signed in'}`);
    const replay = [];
    const right = await srpSignIn(CHECK_USER, { replay })();
    if (right !== undefined) throw new Error(`the SRP client's right answer did not sign in: ${right}`);
    const again = await replay[0]();
    if (again.status !== 400 || again.body.__type !== 'NotAuthorizedException')
      throw new Error(`a spent SECRET_BLOCK was accepted again: ${errorText(again)}`);
    for (const name of [cognateUser(o.users - 1), kdfUser(o.kdfUsers - 1)]) {
      const e = await passwordSignIn(name)();
      if (e !== undefined) throw new Error(`USER_PASSWORD_AUTH ${name}: ${e}`);
    }
    res.check =
      'wrong signature refused (Incorrect username or password.), right one signed in with tokens, its SECRET_BLOCK refused a second time';
    log(t.key, `SRP client checked: ${res.check}`);

    // The PostgreSQL backends serving cognate's database (the server is shared with other work).
    const postgres =
      t.key === 'postgres'
        ? async () => {
            const c = new pg.Client({ connectionString: o.pg });
            await c.connect();
            try {
              return (
                await c.query('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [
                  t.database,
                ])
              ).rows.map((r) => r.pid);
            } finally {
              await c.end();
            }
          }
        : undefined;
    const roundRobin = (count, name, fn) => {
      let i = 0;
      return (a) => fn(name(i++ % count))(a);
    };
    log(t.key, `ceiling: node:http fixed JSON x ${o.connections} connections for ${o.seconds} s`);
    res.ceiling = await ceiling(o);

    const workloads = {
      srp: ['USER_SRP_AUTH sign-ins', o.connections, o.users, roundRobin(o.users, cognateUser, srpSignIn)],
      passwordDefault: [
        'USER_PASSWORD_AUTH at the default KDF',
        o.kdfConnections,
        o.kdfUsers,
        roundRobin(o.kdfUsers, kdfUser, passwordSignIn),
      ],
      passwordLow: [
        `USER_PASSWORD_AUTH at --kdf ${o.lowKdf}`,
        o.connections,
        o.users,
        roundRobin(o.users, cognateUser, passwordSignIn),
      ],
      ...(eventsPool
        ? {
            srpEvents: [
              'USER_SRP_AUTH sign-ins, auth events recorded',
              o.connections,
              o.users,
              roundRobin(o.users, cognateUser, (name) => srpSignIn(name, { pool: eventsPool })),
            ],
            passwordLowEvents: [
              `USER_PASSWORD_AUTH at --kdf ${o.lowKdf}, auth events recorded`,
              o.connections,
              o.users,
              roundRobin(o.users, cognateUser, (name) => passwordSignIn(name, eventsPool)),
            ],
          }
        : {}),
    };
    for (const key of o.workloads) {
      const [what, connections, users, task] = workloads[key];
      log(t.key, `${key}: ${what} x ${connections} connections over ${users} users for ${o.seconds} s`);
      res.workloads[key] = { ...(await measure(t.key, srv, o, { connections, task, postgres })), users };
    }
    for (const [k, w] of Object.entries(res.workloads))
      if (w.bad) res.notes.push(`${k}: ${w.bad} errors ${JSON.stringify(w.errorsSeen)}`);
    res.peakRss = srv.peakRss();
  } finally {
    await srv.stop();
  }
  return res;
}

/** The bare node:http server, with the same generator: one request per task. */
async function ceiling(o) {
  const srv = await Server.start(
    ceilingSpec(BENCH),
    async (base) => (await fetch(base, { method: 'POST', body: '{}' })).status === 200,
  );
  try {
    const body = { UserPoolId: 'us-east-1_bench', Username: 'user000001' };
    return await measure('ceiling', srv, o, {
      connections: o.connections,
      task: async (a) => {
        const r = await post(srv.base, 'AdminGetUser', body, a);
        return r.status === 200 ? undefined : `${r.status}`;
      },
    });
  } finally {
    await srv.stop();
  }
}

const int = (n) => (n === undefined || Number.isNaN(n) ? '–' : Math.round(n).toLocaleString('en-US'));
const ms = (n) =>
  n === undefined || Number.isNaN(n) ? '–' : n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0);

function markdown(run) {
  const ts = run.targets;
  const o = run.options;
  const row = (label, f) => `| ${label} | ${ts.map((t) => f(t.result)).join(' | ')} |`;
  const rate = (w) => `**${int(w.rps)}/s** · ${ms(w.p50)} · ${ms(w.p99)}${w.bad ? ` ⚠ ${w.bad} errors` : ''}`;
  const cpu = (w) =>
    `${ms(w.serverCpuMsPerOp)}${w.postgresCpuMsPerOp === undefined ? '' : ` + ${ms(w.postgresCpuMsPerOp)}`} · ${ms(w.benchCpuMsPerOp)} · ${Math.round(w.cpu.machineBusy * 100)}%`;
  const sc = run.scrypt;
  const has = (key) => ts.some((t) => t.result.workloads[key]);
  const w = (key, f) => (r) => (r.workloads[key] ? f(r.workloads[key]) : '–');
  const workload = (key, label, extra = []) =>
    has(key)
      ? [
          row(label, w(key, rate)),
          row('· CPU ms per sign-in: cognate (+ its postgres backends) · bench · machine busy', w(key, cpu)),
          ...extra,
          row(
            '· load average at its start',
            w(key, (x) => x.loadAverage),
          ),
        ]
      : [];
  return [
    `| sign-ins: per second · p50 · p99 ms of the whole sign-in | ${ts.map((t) => t.label).join(' | ')} |`,
    `|---|${ts.map(() => '---').join('|')}|`,
    row(`node:http ceiling, ${o.connections} conn.: requests/s · p50 · p99 ms (a sign-in by SRP is 2 requests)`, (r) =>
      rate(r.ceiling),
    ),
    row('· load average (1, 5, 15 min) at its start', (r) => r.ceiling.loadAverage),
    ...workload(
      'srp',
      `(1) USER_SRP_AUTH → PASSWORD_VERIFIER → tokens, ${o.connections} conn., ${int(o.users)} users`,
      [
        row(
          '· share of the ceiling (sign-ins/s × 2 ÷ ceiling requests/s)',
          w(
            'srp',
            (x) =>
              `${Math.round((x.rps * 2 * 100) / ts.find((t) => t.result.workloads.srp === x).result.ceiling.rps)}%`,
          ),
        ),
      ],
    ),
    ...workload('srpEvents', `(1e) as (1), on a pool recording auth events (threat protection AUDIT)`, [
      row('· events on ÷ off (1e ÷ 1)', (r) =>
        r.workloads.srp && r.workloads.srpEvents
          ? `${Math.round((r.workloads.srpEvents.rps * 100) / r.workloads.srp.rps)}%`
          : '–',
      ),
    ]),
    ...workload(
      'passwordDefault',
      `(2) USER_PASSWORD_AUTH, default KDF (scrypt ${sc.N},${sc.r},${sc.p}), ${o.kdfConnections} conn., ${o.kdfUsers} users`,
    ),
    ...workload(
      'passwordLow',
      `(3) USER_PASSWORD_AUTH, low KDF (${o.lowKdf}), ${o.connections} conn., ${int(o.users)} users`,
    ),
    ...workload('passwordLowEvents', `(3e) as (3), on a pool recording auth events (threat protection AUDIT)`, [
      row('· events on ÷ off (3e ÷ 3)', (r) =>
        r.workloads.passwordLow && r.workloads.passwordLowEvents
          ? `${Math.round((r.workloads.passwordLowEvents.rps * 100) / r.workloads.passwordLow.rps)}%`
          : '–',
      ),
    ]),
    row('peak RSS of cognate (VmHWM)', (r) => (r.peakRss ? `${(r.peakRss / 1e6).toFixed(0)} MB` : '–')),
    ...(has('srp')
      ? [
          row(
            `target: ≥ ${TARGET_SRP_RATE} SRP sign-ins/s`,
            w('srp', (x) => `${x.rps >= TARGET_SRP_RATE && !x.bad ? 'PASS' : 'FAIL'} ${int(x.rps)}/s`),
          ),
        ]
      : []),
    '',
    `(4) one scrypt verification at the default cost (N=${sc.N}, r=${sc.r}, p=${sc.p}, ${sc.memoryBytes / 2 ** 20} MiB), alone: median ${ms(sc.medianMs)} ms, fastest ${ms(sc.minMs)} ms of ${sc.runsMs.length} (load average ${sc.loadAverage}).`,
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
      openssl: process.versions.openssl,
      loadAverageAtStart: loadavg(),
      ...cognateVersion(ROOT),
    },
  };
  run.scrypt = await scryptAlone(o);
  log(
    'scrypt',
    `one verification at N=${run.scrypt.N},r=${run.scrypt.r},p=${run.scrypt.p}: median ${run.scrypt.medianMs.toFixed(1)} ms (load average ${run.scrypt.loadAverage})`,
  );
  const t = performance.now();
  const ephemerals = Array.from({ length: o.ephemerals }, () => ephemeral(o.clientABytes));
  log(
    'client',
    `${o.ephemerals} SRP ephemerals (a of ${o.clientABytes} bytes) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );

  const make = async (key) => (key === 'postgres' ? cognatePostgres(ROOT, o.pg) : cognateSqlite(ROOT));
  await eachTarget(o.targets, make, o.keep, async (key, target) => {
    run.targets.push({ key, label: target.label, result: await runTarget(target, o, ephemerals) });
  });
  run.seconds = (Date.now() - started) / 1000;
  const file = saveResults(run, BENCH, 'sign-in-', o.json);
  const m = run.machine;
  const notes = run.targets.flatMap((x) => x.result.notes.map((n) => `- ${x.label}: ${n}`));
  process.stdout.write(
    `\n${o.quick ? 'SMOKE RUN (--quick): 2 s windows, fewer users; not the measurement.\n' : ''}` +
      `${m.nproc} cores, node ${m.node} (OpenSSL ${m.openssl}), cognate ${m.cognate}${m.uncommittedFiles ? ` (+${m.uncommittedFiles} uncommitted files)` : ''}, load average at start ${m.loadAverageAtStart}\n\n` +
      `${markdown(run)}\n${notes.length ? `\nNotes:\n${notes.join('\n')}\n` : ''}\ntotal ${run.seconds.toFixed(0)} s; results in ${file}\n`,
  );
}

main().catch((e) => {
  killAll();
  process.stderr.write(`bench failed: ${e.stack ?? e}\n`);
  process.exit(1);
});
