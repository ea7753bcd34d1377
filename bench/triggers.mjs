#!/usr/bin/env node
// Lambda triggers, side by side in one run against one cognate on SQLite (run as the `cognate`
// command runs, low KDF so that the hash does not hide the trigger):
//   (1) SignUp/s on a pool without triggers and on one whose PreSignUp is a no-op Node.js function
//       (closed loop, N connections, a new username per request, three alternating rounds each; p50
//       and p99 are the worst round's); target: with ≥ 60% of without. Also the CPU the server and
//       its workers used per sign-up, which a loaded machine stretches less than it does throughput;
//   (2) warm Invoke of the no-op function through the Lambda API, one at a time: p50/p99, and the
//       same for GetFunctionConfiguration (a read of the same function, no worker), whose difference
//       is the invocation's own overhead (target p50 < 2 ms);
//   (3) cold start: the first invocation after a configuration change (a new revision: a new
//       worker), as the caller sees it and as REPORT's Init Duration has it;
//   (4) 1,000 sign-ups at once on the PreSignUp pool: every one answers, each a success or
//       Cognito's exception, none half-written.
//   node bench/triggers.mjs [--seconds 10] [--connections 16] [--no-build] [--cpu-prof DIR]
//   (--cpu-prof: a CPU profile of the server into DIR, bench/profile-summary.mjs reads it; with
//   --only with|without, the run is that SignUp workload alone, so the profile is of it alone)
import http from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { zipSync, strToU8 } from 'fflate';
import { closedLoop, percentile } from './lib/load.mjs';
import { killAll, Server } from './lib/procs.mjs';
import { cognateSqlite } from './lib/targets.mjs';
import { loadavg } from './lib/cpu.mjs';
import { cognateVersion, prepareRun, saveResults } from './lib/preamble.mjs';
import { must } from './lib/aws.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = join(BENCH, '..');
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '16' },
    invokes: { type: 'string', default: '2000' },
    'no-build': { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    only: { type: 'string' },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const options = prepareRun(ROOT, { build: !values['no-build'], targets: ['sqlite'] });
const ACCOUNT = '000000000000';
const AUTH = `AWS4-HMAC-SHA256 Credential=${ACCOUNT}/20260101/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=0`;
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** One Lambda REST call; resolves with status, headers and the body's text. */
function lambda(base, method, path, body) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const req = http.request(`${base}${path}`, {
      method,
      agent,
      headers: {
        Authorization: AUTH,
        'Content-Type': 'application/json',
        ...(data ? { 'Content-Length': data.length } : {}),
      },
    });
    req.on('response', (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString() }),
      );
    });
    req.on('error', reject);
    req.end(data);
  });
}

async function lambdaMust(base, method, path, body) {
  const r = await lambda(base, method, path, body);
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${r.text}`);
  return r.text ? JSON.parse(r.text) : {};
}

const time = async (fn) => {
  const t = performance.now();
  const r = await fn();
  return { ms: performance.now() - t, r };
};

const stats = (samples) => {
  const sorted = Float64Array.from(samples).sort();
  return { p50: +percentile(sorted, 0.5).toFixed(3), p99: +percentile(sorted, 0.99).toFixed(3), n: samples.length };
};

const target = cognateSqlite(ROOT);
const healthy = async (base) => (await fetch(`${base}/health`)).status === 200;
const spec = target.spec('16,1,1');
if (values['cpu-prof']) {
  const args = spec.args;
  spec.args = (port) => ['--cpu-prof', '--cpu-prof-dir', values['cpu-prof'], ...args(port)];
}
const server = await Server.start(spec, healthy);
const base = server.base;
const run = {
  startedAt: new Date().toISOString(),
  ...cognateVersion(ROOT),
  options: { ...options, seconds, connections },
};
try {
  const code = zipSync({ 'index.js': strToU8('exports.handler = async (event) => event;') });
  const fn = await lambdaMust(base, 'POST', '/2015-03-31/functions', {
    FunctionName: 'noop',
    Runtime: 'nodejs20.x',
    Role: `arn:aws:iam::${ACCOUNT}:role/lambda`,
    Handler: 'index.handler',
    Code: { ZipFile: Buffer.from(code).toString('base64') },
  });
  const plain = (await must(base, 'CreateUserPool', { PoolName: 'plain' })).UserPool;
  const triggered = (
    await must(base, 'CreateUserPool', { PoolName: 'triggered', LambdaConfig: { PreSignUp: fn.FunctionArn } })
  ).UserPool;
  await lambdaMust(base, 'POST', '/2015-03-31/functions/noop/policy', {
    StatementId: 'cognito',
    Action: 'lambda:InvokeFunction',
    Principal: 'cognito-idp.amazonaws.com',
    SourceArn: triggered.Arn,
  });
  const clientOf = async (pool) =>
    (await must(base, 'CreateUserPoolClient', { UserPoolId: pool.Id, ClientName: 'bench' })).UserPoolClient.ClientId;
  const plainClient = await clientOf(plain);
  const triggeredClient = await clientOf(triggered);

  // (1) SignUp/s, without and with the trigger (the trigger's worker is warmed first)
  let n = 0;
  const signUps = (clientId) => () => ({
    operation: 'SignUp',
    body: JSON.stringify({ ClientId: clientId, Username: `u${++n}`, Password: 'Passw0rd!' }),
  });
  await must(base, 'SignUp', { ClientId: triggeredClient, Username: 'warm', Password: 'Passw0rd!' });
  if (values.only) {
    const clientId = { with: triggeredClient, without: plainClient }[values.only];
    if (!clientId) throw new Error('--only: with or without');
    const r = await closedLoop({ base, connections, seconds, next: signUps(clientId) });
    process.stderr.write(`signUp ${values.only} ${JSON.stringify(r)} loadavg ${JSON.stringify(loadavg())}\n`);
    await server.stop(); // so that the profile is written
    await target.cleanup?.(false);
    process.exit(0);
  }
  // Rounds alternate, so that a machine whose load changes meanwhile weighs on both alike.
  const rounds = { without: [], with: [] };
  const cpu = () => {
    const c = server.cpuSeconds();
    return c.user + c.system;
  };
  /** A round, with the CPU seconds the server's processes used in it. */
  const round = async (clientId) => {
    const before = cpu();
    const r = await closedLoop({ base, connections, seconds: seconds / 3, next: signUps(clientId) });
    return { ...r, cpu: cpu() - before };
  };
  for (let r = 0; r < 3; r++) {
    rounds.without.push(await round(plainClient));
    rounds.with.push(await round(triggeredClient));
  }
  const total = (list) => {
    const ok = list.reduce((n, x) => n + x.ok, 0);
    const secs = list.reduce((n, x) => n + x.seconds, 0);
    return {
      rps: +(ok / secs).toFixed(1),
      p50: +Math.max(...list.map((x) => x.p50)).toFixed(2),
      p99: +Math.max(...list.map((x) => x.p99)).toFixed(2),
      bad: list.reduce((n, x) => n + x.bad, 0),
      rounds: list.map((x) => +x.rps.toFixed(1)),
      roundsP99: list.map((x) => +x.p99.toFixed(1)),
      cpuMsPerSignUp: +((list.reduce((n, x) => n + x.cpu, 0) * 1000) / ok).toFixed(3),
    };
  };
  const without = total(rounds.without);
  const withTrigger = total(rounds.with);
  run.signUp = {
    without,
    withPreSignUp: withTrigger,
    ratio: +(withTrigger.rps / without.rps).toFixed(3),
    cpuRatio: +(without.cpuMsPerSignUp / withTrigger.cpuMsPerSignUp).toFixed(3),
  };
  process.stderr.write(`signUp ${JSON.stringify(run.signUp)}\n`);

  // (2) warm invoke vs a read of the same function, one at a time
  const invoke = () => lambda(base, 'POST', '/2015-03-31/functions/noop/invocations', '{"a":1}');
  const read = () => lambda(base, 'GET', '/2015-03-31/functions/noop/configuration');
  for (let i = 0; i < 200; i++) await invoke();
  const invokes = [];
  const reads = [];
  for (let i = 0; i < Number(values.invokes); i++) {
    invokes.push((await time(invoke)).ms);
    reads.push((await time(read)).ms);
  }
  const inv = stats(invokes);
  const rd = stats(reads);
  run.warmInvoke = { invoke: inv, getFunctionConfiguration: rd, overheadP50: +(inv.p50 - rd.p50).toFixed(3) };
  process.stderr.write(`warm ${JSON.stringify(run.warmInvoke)}\n`);

  // (3) cold starts: each configuration change is a new revision, so a new worker
  const colds = [];
  const inits = [];
  for (let i = 0; i < 10; i++) {
    await lambdaMust(base, 'PUT', '/2015-03-31/functions/noop/configuration', { Description: `cold ${i}` });
    const { ms, r } = await time(
      () =>
        new Promise((resolve, reject) => {
          const req = http.request(`${base}/2015-03-31/functions/noop/invocations`, {
            method: 'POST',
            agent,
            headers: { Authorization: AUTH, 'X-Amz-Log-Type': 'Tail', 'Content-Length': 2 },
          });
          req.on('response', (res) => {
            res.resume();
            res.on('end', () => resolve(res.headers));
          });
          req.on('error', reject);
          req.end('{}');
        }),
    );
    colds.push(ms);
    const tail = Buffer.from(String(r['x-amz-log-result'] ?? ''), 'base64').toString();
    const init = /Init Duration: ([\d.]+) ms/.exec(tail);
    if (init) inits.push(Number(init[1]));
  }
  run.coldStart = { firstInvoke: stats(colds), initDuration: stats(inits) };
  process.stderr.write(`cold ${JSON.stringify(run.coldStart)}\n`);

  // (4) 1,000 sign-ups at once with the trigger
  const outcomes = {};
  const burst = await time(() =>
    Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        fetch(base, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/x-amz-json-1.1',
            'X-Amz-Target': 'AWSCognitoIdentityProviderService.SignUp',
          },
          body: JSON.stringify({ ClientId: triggeredClient, Username: `burst${i}`, Password: 'Passw0rd!' }),
        })
          .then(async (res) => {
            const key = res.status === 200 ? '200' : `${res.status} ${(await res.json()).__type}`;
            outcomes[key] = (outcomes[key] ?? 0) + 1;
          })
          .catch((e) => {
            outcomes[`failed ${e.cause?.code ?? e.message}`] =
              (outcomes[`failed ${e.cause?.code ?? e.message}`] ?? 0) + 1;
          }),
      ),
    ),
  );
  const users = await target.countUsers(triggered.Id);
  run.burst = { seconds: +(burst.ms / 1000).toFixed(2), outcomes, usersInPool: users };
  process.stderr.write(`burst ${JSON.stringify(run.burst)}\n`);
  run.loadavg = loadavg();
  const path = saveResults(run, BENCH, 'triggers-');
  console.log(JSON.stringify(run, null, 2));
  process.stderr.write(`results: ${path}\n`);
} finally {
  agent.destroy();
  killAll();
  await target.cleanup?.(false).catch(() => {});
}
