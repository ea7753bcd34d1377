#!/usr/bin/env node
// The OAuth 2.0 token endpoint on SQLite and PostgreSQL, beside AdminGetUser in the same run:
//   (1) client_credentials: a machine's token (Basic client authentication, a resource server's
//       scope, one RS256 signature), closed loop on N keep-alive connections;
//   (2) authorization code exchanges: codes made beforehand through /oauth2/authorize by a signed-in
//       browser session (single sign-on: one request per code), then each exchanged once
//       (code taken with DELETE ... RETURNING, a refresh token stored, an id and an access token
//       signed), closed loop until the codes run out or the window ends; the rate of making the
//       codes is reported too;
//   (3) AdminGetUser, the reference read of the other benches;
//   (4) client_credentials in an open loop at fixed rates (default: half the closed loop's rate, and
//       750/s, half issue #21's goal): request i is sent at t0 + i/rate whatever came back before, and
//       its latency runs from that scheduled time to its answer, so time spent queued counts.
// Full run:  COGNATE_BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/test node bench/oauth.mjs
// Smoke run: node bench/oauth.mjs --quick
import http from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { errorText, must, post } from './lib/aws.mjs';
import { openLoop, percentile } from './lib/load.mjs';
import { eachTarget, Server } from './lib/procs.mjs';
import { cognatePostgres, cognateSqlite } from './lib/targets.mjs';
import pg from 'pg';
import { cpuMeter, loadavg } from './lib/cpu.mjs';
import { cognateVersion, prepareRun, saveResults } from './lib/preamble.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = join(BENCH, '..');
const CALLBACK = 'https://app.example.com/callback';
const PASSWORD = 'Passw0rd!long';

const USAGE = `usage: node bench/oauth.mjs [options]
  --quick            smoke run: 2 s windows, fewer codes                 [BENCH_QUICK=1]
  --targets LIST     sqlite,postgres                                     [BENCH_TARGETS]
  --pg URL           PostgreSQL to create the bench database in          [COGNATE_BENCH_PG_URL, else COGNATE_TEST_PG_URL]
  --connections N    keep-alive connections (16)                         [BENCH_CONNECTIONS]
  --seconds N        seconds per workload (10)                           [BENCH_SECONDS]
  --codes N          codes made before the exchange window (20000)       [BENCH_CODES]
  --rates LIST       open-loop client_credentials rates, /s; 'half' is half the closed loop's
                     (half,750)                                          [BENCH_RATES]
  --only-cc          client_credentials alone (closed and open loop): to profile it
  --cpu-prof DIR      write a CPU profile of each measured cognate process into DIR
  --no-build         do not run tsc first
  --json FILE        where to write the results (bench/.results/oauth-<time>.json)
`;

function options() {
  const { values: v } = parseArgs({
    options: {
      quick: { type: 'boolean' },
      targets: { type: 'string' },
      pg: { type: 'string' },
      connections: { type: 'string' },
      seconds: { type: 'string' },
      codes: { type: 'string' },
      rates: { type: 'string' },
      'only-cc': { type: 'boolean' },
      'no-build': { type: 'boolean' },
      'cpu-prof': { type: 'string' },
      json: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (v.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const env = process.env;
  const quick = v.quick ?? env.BENCH_QUICK === '1';
  return {
    quick,
    targets: (v.targets ?? env.BENCH_TARGETS ?? 'sqlite,postgres').split(','),
    pg: v.pg ?? env.COGNATE_BENCH_PG_URL ?? env.COGNATE_TEST_PG_URL,
    connections: Number(v.connections ?? env.BENCH_CONNECTIONS ?? 16),
    seconds: Number(v.seconds ?? env.BENCH_SECONDS ?? (quick ? 2 : 10)),
    codes: Number(v.codes ?? env.BENCH_CODES ?? (quick ? 2000 : 20000)),
    onlyCc: v['only-cc'] ?? false,
    rates: (v.rates ?? env.BENCH_RATES ?? 'half,750').split(',').filter(Boolean),
    build: !(v['no-build'] ?? env.BENCH_NO_BUILD === '1'),
    cpuProf: v['cpu-prof'],
    json: v.json,
  };
}

/** One HTTP request on a keep-alive agent: status, headers, body text. */
function request(url, { method = 'GET', headers = {}, body, agent } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method, headers: { ...headers, ...(body ? { 'content-length': Buffer.byteLength(body) } : {}) }, agent },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(60_000, () => req.destroy(new Error('no answer within 60 s')));
    req.end(body);
  });
}

/** N connections, each sending its next request when the last is answered, until `seconds` pass or `next` returns nothing. */
async function closedLoop({ connections, seconds, next }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies = [];
  const errors = {};
  let ok = 0;
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  let last = t0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) {
        const r = next();
        if (!r) return;
        const t = performance.now();
        const res = await r(agent);
        last = performance.now();
        if (res.status === 200) {
          ok++;
          latencies.push(last - t);
        } else {
          const key = `${res.status} ${res.text.slice(0, 80)}`;
          errors[key] = (errors[key] ?? 0) + 1;
        }
      }
    }),
  );
  agent.destroy();
  const sorted = Float64Array.from(latencies).sort();
  const secs = (last - t0) / 1000;
  return {
    ok,
    seconds: +secs.toFixed(3),
    rps: ok / secs,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    errors,
  };
}

/** A query on the bench database (PostgreSQL only). */
async function onBenchDb(t, sql) {
  const c = new pg.Client({ connectionString: t.url });
  await c.connect();
  try {
    return (await c.query(sql, [t.database])).rows;
  } finally {
    await c.end();
  }
}

/** The PostgreSQL backends serving the bench database (the server is shared with other work). */
const backendPids = async (t) =>
  t.database
    ? (await onBenchDb(t, 'SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()')).map(
        (r) => r.pid,
      )
    : undefined;

/**
 * Transactions the bench database has run: cognate runs each read outside a transaction, so each
 * statement is one (a write transaction counts once). PostgreSQL publishes a backend's counts once it has been idle a while; the delivery worker's polls count too.
 */
async function commits(t) {
  if (!t.database) return undefined;
  await new Promise((r) => setTimeout(r, 11_000));
  const [r] = await onBenchDb(t, 'SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = $1');
  return Number(r.n);
}

/**
 * A closed loop's result with the CPU each answer cost: cognate's process, the PostgreSQL backends
 * serving it, this load generator. Far less sensitive to a shared machine than the rate: on a loaded
 * machine, compare these.
 */
async function costed(server, t, run) {
  const before = await commits(t);
  const meter = cpuMeter(server.pid, { postgresPids: await backendPids(t) });
  const r = await run();
  const m = meter();
  const after = await commits(t);
  const per = (seconds) => (seconds === undefined ? undefined : +((seconds * 1000) / r.ok).toFixed(3));
  return {
    ...r,
    cpuMsEach: { server: per(m.serverSeconds), postgres: per(m.postgresSeconds), bench: per(m.benchSeconds) },
    ...(before !== undefined ? { transactionsEach: +((after - before) / r.ok).toFixed(2) } : {}),
  };
}

/** client_credentials at `rate` requests/s on a schedule; latencies from each request's scheduled time. */
async function fixedRate({ rate, seconds, send }) {
  const loadavgBefore = loadavg();
  const { t0, calls } = await openLoop({
    rate,
    seconds,
    send: (agent) =>
      send(agent).then((r) => ({ status: r.status, error: r.status === 200 ? undefined : r.text.slice(0, 80) })),
  });
  const ok = calls.filter((c) => c.status === 200);
  const sorted = Float64Array.from(ok, (c) => c.answered - c.due).sort();
  const errors = {};
  for (const c of calls)
    if (c.status !== 200) errors[`${c.status} ${c.error}`] = (errors[`${c.status} ${c.error}`] ?? 0) + 1;
  const last = Math.max(...calls.map((c) => c.answered));
  return {
    rate,
    sent: calls.length,
    ok: ok.length,
    rps: ok.length / ((last - t0) / 1000),
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    max: sorted[sorted.length - 1],
    lateSendP99: percentile(Float64Array.from(calls, (c) => c.sent - c.due).sort(), 0.99),
    errors,
    loadavgBefore,
  };
}

const cookieOf = (headers) =>
  (headers['set-cookie'] ?? []).map((l) => l.split(';')[0]).filter((kv) => !kv.endsWith('='));

async function setUp(base) {
  const poolId = (await must(base, 'CreateUserPool', { PoolName: 'oauth-bench' })).UserPool.Id;
  await must(base, 'CreateUserPoolDomain', { UserPoolId: poolId, Domain: `bench-${Date.now()}` });
  const domain = (await must(base, 'DescribeUserPool', { UserPoolId: poolId })).UserPool.Domain;
  await must(base, 'CreateResourceServer', {
    UserPoolId: poolId,
    Identifier: 'https://api.example.com',
    Name: 'api',
    Scopes: [{ ScopeName: 'read', ScopeDescription: 'read' }],
  });
  const machine = (
    await must(base, 'CreateUserPoolClient', {
      UserPoolId: poolId,
      ClientName: 'machine',
      GenerateSecret: true,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthScopes: ['https://api.example.com/read'],
    })
  ).UserPoolClient;
  const web = (
    await must(base, 'CreateUserPoolClient', {
      UserPoolId: poolId,
      ClientName: 'web',
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email'],
      CallbackURLs: [CALLBACK],
      SupportedIdentityProviders: ['COGNITO'],
    })
  ).UserPoolClient;
  await must(base, 'AdminCreateUser', { UserPoolId: poolId, Username: 'bench', MessageAction: 'SUPPRESS' });
  await must(base, 'AdminSetUserPassword', {
    UserPoolId: poolId,
    Username: 'bench',
    Password: PASSWORD,
    Permanent: true,
  });
  const domainBase = `${base}/_cognate/domains/${domain}.auth.us-east-1`;
  // One sign-in through the form: its session cookie then gets a code per authorize request.
  const authorize = `${domainBase}/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: web.ClientId, redirect_uri: CALLBACK, scope: 'openid' })}`;
  const toLogin = await request(authorize);
  const login = await request(toLogin.headers.location);
  const cookies = cookieOf(login.headers);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(login.text)[1];
  const action = /<form method="post" action="([^"]+)"/.exec(login.text)[1].replace(/&#38;/g, '&');
  const signed = await request(action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies.join('; ') },
    body: new URLSearchParams({ _csrf: csrf, username: 'bench', password: PASSWORD }).toString(),
  });
  if (signed.status !== 302) throw new Error(`sign-in answered ${signed.status}: ${signed.text.slice(0, 300)}`);
  return { poolId, machine, web, domainBase, authorize, cookie: [...cookies, ...cookieOf(signed.headers)].join('; ') };
}

async function measure(t, o) {
  const spec = t.spec(undefined);
  if (o.cpuProf) {
    const args = spec.args;
    spec.args = (port) => ['--cpu-prof', '--cpu-prof-dir', o.cpuProf, ...args(port)];
  }
  const server = await Server.start(spec, async (b) => (await request(`${b}/health`)).status === 200);
  const base = server.base;
  const s = await setUp(base);
  const results = {};
  const basic = `Basic ${Buffer.from(`${s.machine.ClientId}:${s.machine.ClientSecret}`).toString('base64')}`;
  const ccBody = 'grant_type=client_credentials&scope=https%3A%2F%2Fapi.example.com%2Fread';
  const tokenUrl = `${s.domainBase}/oauth2/token`;
  const cc = () => (agent) =>
    request(tokenUrl, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic },
      body: ccBody,
    });
  await closedLoop({ connections: o.connections, seconds: 1, next: cc });
  results.clientCredentials = await costed(server, t, () =>
    closedLoop({ connections: o.connections, seconds: o.seconds, next: cc }),
  );
  results.clientCredentialsOpenLoop = [];
  for (const r of o.rates) {
    const rate = r === 'half' ? Math.round(results.clientCredentials.rps / 2) : Number(r);
    results.clientCredentialsOpenLoop.push({
      asked: r,
      ...(await fixedRate({ rate, seconds: o.seconds, send: cc() })),
    });
  }

  if (o.onlyCc) {
    await server.stop?.();
    return results;
  }

  // Codes first, through the session (their making measured too), then every one exchanged once.
  const codes = [];
  let made = 0;
  const issue = () =>
    made++ < o.codes
      ? async (agent) => {
          const r = await request(s.authorize, { agent, headers: { cookie: s.cookie } });
          const code = r.headers.location && new URL(r.headers.location).searchParams.get('code');
          if (code) codes.push(code);
          return { status: code ? 200 : r.status, text: r.text };
        }
      : undefined;
  results.codesMade = await closedLoop({ connections: o.connections, seconds: 600, next: issue });
  let taken = 0;
  // Warm-up: the first id token makes the pool's id-token signing key (an RSA key pair).
  await closedLoop({ connections: 1, seconds: 1, next: () => (taken < 1 ? exchange() : undefined) });
  function exchange() {
    const code = codes[taken++];
    if (!code) return undefined;
    const body = new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: s.web.ClientId,
      code,
      redirect_uri: CALLBACK,
    }).toString();
    return (agent) =>
      request(tokenUrl, {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
  }
  results.codeExchanges = await costed(server, t, () =>
    closedLoop({ connections: o.connections, seconds: o.seconds, next: exchange }),
  );

  const getUser = () => (agent) =>
    post(base, 'AdminGetUser', { UserPoolId: s.poolId, Username: 'bench' }, agent).then((r) => ({
      status: r.status,
      text: r.status === 200 ? '' : errorText(r),
    }));
  await closedLoop({ connections: o.connections, seconds: 1, next: getUser });
  results.adminGetUser = await closedLoop({ connections: o.connections, seconds: o.seconds, next: getUser });
  await server.stop?.();
  return results;
}

const o = options();
const recorded = prepareRun(ROOT, o);
const run = {
  bench: 'oauth',
  startedAt: new Date().toISOString(),
  ...cognateVersion(ROOT),
  options: recorded,
  loadavgBefore: loadavg(),
  targets: {},
};
await eachTarget(
  o.targets,
  (key) => (key === 'postgres' ? cognatePostgres(ROOT, o.pg) : cognateSqlite(ROOT)),
  false,
  async (key, t) => {
    process.stderr.write(`measuring ${t.label}\n`);
    run.targets[key] = await measure(t, o);
  },
);
run.loadavgAfter = loadavg();
const cpuText = (c) =>
  c
    ? `  cpu each: cognate ${c.server} ms${c.postgres !== undefined ? `, postgres ${c.postgres} ms` : ''}, bench ${c.bench} ms`
    : '';
const fmt = (r) =>
  `${r.rps.toFixed(0).padStart(6)}/s  p50 ${r.p50.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms${cpuText(r.cpuMsEach)}${r.transactionsEach !== undefined ? `, ${r.transactionsEach} PostgreSQL transactions` : ''}${Object.keys(r.errors).length ? `  errors ${JSON.stringify(r.errors)}` : ''}`;
const openLine = (x) =>
  `    open loop at ${String(x.rate).padStart(5)}/s: p50 ${x.p50.toFixed(1)} ms  p99 ${x.p99.toFixed(1)} ms  max ${x.max.toFixed(1)} ms  (${x.ok}/${x.sent} ok${Object.keys(x.errors).length ? `  errors ${JSON.stringify(x.errors)}` : ''}; load average ${x.loadavgBefore})\n`;
for (const [key, r] of Object.entries(run.targets)) {
  const lines = [
    `${key}\n  client_credentials tokens  ${fmt(r.clientCredentials)}\n`,
    ...r.clientCredentialsOpenLoop.map(openLine),
  ];
  if (r.codeExchanges)
    lines.push(
      `  code exchanges             ${fmt(r.codeExchanges)}\n  codes made (SSO authorize) ${fmt(r.codesMade)}\n  AdminGetUser               ${fmt(r.adminGetUser)}\n`,
    );
  process.stdout.write(lines.join(''));
}
process.stdout.write(`results: ${saveResults(run, BENCH, 'oauth-', o.json)}\n`);
