// One target through every workload, in the order its population grows:
//   small: pool, client and template user, seeded to `small`; AdminCreateUser and SignUp.
//   mid:   seeded to `mid`; AdminGetUser by username and by email alias, ListUsers by email.
//   large: seeded to `large`; start-up time and memory, ListUsers by email, AdminGetUser,
//          AdminCreateUser and SignUp; then the crash test (writers at full load, SIGKILL,
//          restart, every acknowledged user looked up), after which cognate runs at its
//          default KDF cost for the one SignUp measured with it.
import http from 'node:http';
import { POOL_REQUEST, adminCreateUser, emailOf, errorText, must, post, signUp, username } from './aws.mjs';
import { blast, closedLoop, eachLimit } from './load.mjs';
import { Server } from './procs.mjs';

const t0 = performance.now();
const log = (t, msg) =>
  process.stderr.write(`${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s [${t.key}] ${msg}\n`);
const anyAnswer = async (base) => (await post(base, 'ListUserPools', { MaxResults: 1 })).status > 0;

export async function runTarget(t, o) {
  const res = { label: t.label, workloads: {}, startup: {}, memory: {}, crash: {}, notes: [] };
  const [small, mid, large] = o.sizes;
  const cognate = t.key !== 'cognito-local';
  const spec = (kdf) => t.spec(kdf, o.processes);
  let srv = await Server.start(spec(o.lowKdf), anyAnswer);
  const poolId = (await must(srv.base, 'CreateUserPool', POOL_REQUEST)).UserPool.Id;
  const clientId = (await must(srv.base, 'CreateUserPoolClient', { UserPoolId: poolId, ClientName: 'bench' }))
    .UserPoolClient.ClientId;
  await must(srv.base, 'AdminCreateUser', adminCreateUser(poolId, username(0), emailOf(0)));

  let seeded = 1;
  const note = (text) => {
    if (!text) return;
    res.notes.push(text);
    log(t, `NOTE ${text}`);
  };
  // cognate's databases take a second writer, so it is seeded while it runs; cognito-local
  // holds its pool in memory, so it is stopped, seeded and started again.
  async function grow(to, { options, restart = !cognate } = {}) {
    if (to <= seeded) return;
    if (restart) await srv.stop();
    const began = performance.now();
    note(await t.seed(poolId, username(0), seeded, to, options));
    log(t, `seeded users ${seeded}..${to - 1} directly in ${((performance.now() - began) / 1000).toFixed(1)} s`);
    seeded = to;
    if (restart) srv = await Server.start(spec(o.lowKdf), anyAnswer);
    await checkSeed(srv.base);
  }
  async function checkSeed(base) {
    const r = await post(base, 'AdminGetUser', { UserPoolId: poolId, Username: username(seeded - 1) });
    const email = r.body.UserAttributes?.find((a) => a.Name === 'email')?.Value;
    if (r.status !== 200 || email !== emailOf(seeded - 1))
      throw new Error(`a seeded user does not read back: ${errorText(r)}`);
  }

  let written = 0;
  const writeRequest = (operation) => () => {
    const name = `w${written++}`;
    const email = `${name}@example.com`;
    return operation === 'SignUp'
      ? { operation, body: signUp(clientId, name, email), tag: name }
      : { operation, body: adminCreateUser(poolId, name, email), tag: name };
  };
  async function write(key, operation, users, connections = o.connections) {
    const before = await t.countUsers(poolId, srv.base);
    log(t, `${key}: ${operation} x ${connections} connections for ${o.writeSeconds} s (${before} users)`);
    if (o.warmupSeconds)
      await closedLoop({ base: srv.base, connections: 1, seconds: o.warmupSeconds, next: writeRequest(operation) });
    const r = await closedLoop({ base: srv.base, connections, seconds: o.writeSeconds, next: writeRequest(operation) });
    r.idleWaitMs = await srv.idle();
    Object.assign(r, { usersBefore: before, nominalUsers: users, connections, peakRssSoFar: srv.peakRss() });
    res.workloads[key] = r;
    log(
      t,
      `  ${r.rps.toFixed(0)}/s p50 ${r.p50?.toFixed(2)} ms p99 ${r.p99?.toFixed(2)} ms${r.bad ? ` (${r.bad} errors: ${JSON.stringify(r.errorsSeen)})` : ''}, peak RSS so far ${(r.peakRssSoFar / 1e6).toFixed(0)} MB`,
    );
  }
  async function read(key, operation, body, expect, users, connections = o.connections) {
    const pre = await post(srv.base, operation, body(seeded - 1));
    if (pre.status !== 200 || !expect(pre.body, seeded - 1)) {
      res.workloads[key] = { unavailable: errorText(pre), nominalUsers: users };
      log(t, `${key}: not measured, the server answered ${errorText(pre)}`);
      return;
    }
    log(t, `${key}: ${operation} x ${connections} connections for ${o.seconds} s`);
    const random = () => JSON.stringify(body(Math.floor(Math.random() * seeded)));
    if (o.warmupSeconds)
      await blast({ base: srv.base, operation, connections: 1, seconds: o.warmupSeconds, body: random });
    const r = await blast({ base: srv.base, operation, connections, seconds: o.seconds, body: random });
    r.idleWaitMs = await srv.idle();
    Object.assign(r, { nominalUsers: users, connections, peakRssSoFar: srv.peakRss() });
    res.workloads[key] = r;
    log(
      t,
      `  ${r.rps.toFixed(0)}/s p50 ${r.p50?.toFixed(2)} ms p99 ${r.p99?.toFixed(2)} ms${r.bad ? ` (${r.bad} non-2xx)` : ''}, peak RSS so far ${(r.peakRssSoFar / 1e6).toFixed(0)} MB`,
    );
  }

  // small: writes
  await grow(small);
  await write('createSmall', 'AdminCreateUser', small);
  await write('signUpSmall', 'SignUp', small);

  // mid: reads. cognito-local resolves an email only when email is a UsernameAttribute (it
  // ignores AliasAttributes), so for these reads its stored pool options say so.
  await grow(mid, { options: cognate ? undefined : { UsernameAttributes: ['email'] } });
  const byName = (i) => ({ UserPoolId: poolId, Username: username(i) });
  const byEmail = (i) => ({ UserPoolId: poolId, Username: emailOf(i) });
  const byFilter = (i) => ({ UserPoolId: poolId, Filter: `email = "${emailOf(i)}"` });
  const isUser = (b, i) => b.Username === username(i);
  const listsUser = (b, i) => b.Users?.length === 1 && b.Users[0].Username === username(i);
  await read('getByName', 'AdminGetUser', byName, isUser, mid);
  await read('getByEmail', 'AdminGetUser', byEmail, isUser, mid);
  await read('listMid', 'ListUsers', byFilter, listsUser, mid, 1);
  res.memory.afterMid = srv.peakRss();
  await srv.stop();

  // large: stopped for the seeding, so that each start below is timed from a cold process.
  const began = performance.now();
  note(await t.seed(poolId, username(0), seeded, large, cognate ? undefined : { UsernameAttributes: undefined }));
  log(t, `seeded users ${seeded}..${large - 1} directly in ${((performance.now() - began) / 1000).toFixed(1)} s`);
  seeded = large;
  const answersSeeded = async (base) => (await post(base, 'AdminGetUser', byName(seeded - 1))).status === 200;
  const startups = [];
  const startRss = [];
  for (let k = 0; k < o.startupRuns; k++) {
    srv = await Server.start(spec(o.lowKdf), answersSeeded);
    startups.push(srv.startupMs);
    startRss.push(srv.peakRss());
    if (k < o.startupRuns - 1) await srv.stop();
  }
  await checkSeed(srv.base);
  res.startup = {
    users: large,
    runsMs: startups,
    medianMs: [...startups].sort((a, b) => a - b)[Math.floor((startups.length - 1) / 2)],
    peakRssAtStart: Math.max(...startRss),
  };
  log(t, `start to first answer with ${large} users: ${startups.map((x) => x.toFixed(0)).join(', ')} ms`);
  await read('listLarge', 'ListUsers', byFilter, listsUser, large, 1);
  if (!o.quick) await read('getByNameLarge', 'AdminGetUser', byName, isUser, large);
  await write('createLarge', 'AdminCreateUser', large);
  await write('signUpLarge', 'SignUp', large);
  res.memory.afterLarge = srv.peakRss();
  log(t, `peak RSS ${(res.memory.afterLarge / 1e6).toFixed(0)} MB`);

  // The crash test restarts cognate at its default KDF cost, for the one SignUp measured with it.
  const crash = await crashTest(t, o, srv, spec(undefined), poolId, clientId, seeded);
  res.crash = crash.out;
  srv = crash.server;
  if (cognate && srv) {
    // scrypt runs on libuv's 4 threads, so past 4 connections requests only queue; the smoke
    // run keeps to 4 so that draining the queue does not dominate its one-second window.
    await write('signUpDefaultKdf', 'SignUp', large, o.quick ? Math.min(4, o.connections) : o.connections);
    // Each scrypt at the default cost holds 8 MiB while it runs, one per core at once.
    res.memory.afterDefaultKdf = srv.peakRss();
  }
  await srv?.stop();
  return res;
}

async function crashTest(t, o, srv, spec, poolId, clientId, seeded) {
  const before = await t.countUsers(poolId, srv.base);
  const acked = [];
  let fire;
  const until = new Promise((r) => {
    fire = r;
  });
  let n = 0;
  const next = () => {
    const name = `k${n++}`;
    const email = `${name}@example.com`;
    return n % 2
      ? { operation: 'AdminCreateUser', body: adminCreateUser(poolId, name, email), tag: name }
      : { operation: 'SignUp', body: signUp(clientId, name, email), tag: name };
  };
  const killAfterMs = o.crashSeconds * 1000;
  log(t, `crash test: AdminCreateUser + SignUp x ${o.connections} connections, SIGKILL after ${o.crashSeconds} s`);
  const loop = closedLoop({
    base: srv.base,
    connections: o.connections,
    seconds: o.crashSeconds + 600,
    next,
    onAck: (tag) => acked.push(tag),
    until,
  });
  setTimeout(() => {
    fire();
    srv.kill9();
  }, killAfterMs);
  const load = await loop;
  const out = { usersBefore: before, acknowledged: acked.length, sent: n, afterKill: t.afterKill?.(poolId) };
  let again;
  try {
    again = await Server.start(spec, anyAnswer);
  } catch (e) {
    // The reason is in the server's output: its first error line, ANSI colours stripped.
    const lines = e.message
      .split('\n')
      .slice(1)
      // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the terminal's colour codes (ESC [ ... m)
      .map((l) => l.replace(/\x1b\[[0-9;]*m/g, '').trim());
    const reason = lines.find((l) => /error|fail/i.test(l)) ?? lines.filter(Boolean).pop() ?? '';
    out.restart = `failed: ${e.message.split('\n')[0].replace(/:$/, '')}${reason ? ` — ${reason.slice(0, 160)}` : ''}`;
    out.missing = acked.length;
    log(t, `  restart failed: ${e.message}`);
    return { out };
  }
  out.restart = 'ok';
  out.restartMs = again.startupMs;
  const missing = [];
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  await eachLimit(acked, 16, async (name) => {
    const r = await post(again.base, 'AdminGetUser', { UserPoolId: poolId, Username: name }, agent);
    if (r.status !== 200) missing.push(name);
  });
  out.missing = missing.length;
  out.missingSample = missing.slice(0, 5);
  // The users that were there before the writers started must all still be there too.
  const sample = Array.from({ length: Math.min(200, seeded) }, (_, k) =>
    username(Math.floor((k * seeded) / Math.min(200, seeded))),
  );
  let preMissing = 0;
  await eachLimit(sample, 16, async (name) => {
    if ((await post(again.base, 'AdminGetUser', { UserPoolId: poolId, Username: name }, agent)).status !== 200)
      preMissing++;
  });
  agent.destroy();
  out.preexistingChecked = sample.length;
  out.preexistingMissing = preMissing;
  out.usersAfter = await t.countUsers(poolId, again.base);
  // Fewer users than before the writers plus those acknowledged means lost users; more means
  // writes that were committed but whose answer never left (in flight at the kill), which is fine.
  const expected = before + acked.length;
  out.usersLost = Math.max(0, expected - out.usersAfter);
  out.unacknowledgedKept = Math.max(0, out.usersAfter - expected);
  out.integrity = await t.integrity(poolId);
  out.loadOk = load.ok;
  log(
    t,
    `  ${acked.length} acknowledged, ${missing.length} of them missing after restart; users ${before} before, ${out.usersAfter} after (${out.usersLost} lost, ${out.unacknowledgedKept} unacknowledged kept); ${preMissing} of ${sample.length} pre-existing users missing; storage: ${out.integrity}`,
  );
  return { out, server: again };
}
