#!/usr/bin/env node
// The user import benchmark: one CSV of N users (100,000 by default) PUT to a job's pre-signed URL
// and imported by StartUserImportJob into a cognate on SQLite, run as the `cognate` command runs.
// Measured: users imported per second from the job's StartDate to its CompletionDate (the server's
// own clock), the upload's time, and the server's peak RSS (VmHWM) after the upload and after the
// import, for each file size in --sizes, each in a fresh server: memory flat in the file's size
// means the same peak for 20,000 users as for 100,000.
//   node bench/import.mjs                    (sizes 20000,100000)
//   node bench/import.mjs --sizes 100000 --no-build
import http from 'node:http';
import { createWriteStream, createReadStream, statSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CognitoIdentityProviderClient,
  CreateUserImportJobCommand,
  CreateUserPoolCommand,
  DescribeUserImportJobCommand,
  GetCSVHeaderCommand,
  StartUserImportJobCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { killAll, Server } from './lib/procs.mjs';
import { cognateSqlite } from './lib/targets.mjs';
import { cognateVersion, prepareRun, saveResults } from './lib/preamble.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = join(BENCH, '..');
const TARGET_USERS_PER_SECOND = 5000;

const { values } = parseArgs({
  options: { sizes: { type: 'string', default: '20000,100000' }, 'no-build': { type: 'boolean', default: false } },
});
const sizes = values.sizes.split(',').map(Number);
const options = prepareRun(ROOT, { build: !values['no-build'], targets: ['sqlite'] });

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'cognito-idp.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const LOGS = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: ['logs:PutLogEvents'], Resource: ['arn:aws:logs:*:*:log-group:/aws/cognito/*'] },
  ],
});

/** Writes the CSV as a stream: header from GetCSVHeader, one verified-email user per line. */
async function writeCsv(file, header, users) {
  const out = createWriteStream(file);
  out.write(`${header.join(',')}\n`);
  for (let i = 0; i < users; i++) {
    const v = {
      'cognito:username': `user${String(i).padStart(7, '0')}`,
      email: `user${i}@example.com`,
      email_verified: 'true',
      given_name: 'Given',
      family_name: `Family${i % 1000}`,
      address: `${i} Main Street\\, Springfield`,
      'cognito:mfa_enabled': 'false',
    };
    if (!out.write(`${header.map((h) => v[h] ?? '').join(',')}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

function putFile(url, file) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'PUT',
      headers: { 'x-amz-server-side-encryption': 'aws:kms', 'content-length': statSync(file).size },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`PUT answered ${res.statusCode}`))));
    });
    req.on('error', reject);
    createReadStream(file).pipe(req);
  });
}

async function runSize(users) {
  const target = cognateSqlite(ROOT);
  const server = await Server.start(target.spec(), async (base) => (await fetch(`${base}/health`)).ok);
  const dir = mkdtempSync(join(tmpdir(), 'cognate-import-bench-'));
  try {
    const config = {
      endpoint: server.base,
      region: 'us-east-1',
      credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    };
    const c = new CognitoIdentityProviderClient(config);
    const iam = new IAMClient(config);
    const role = (await iam.send(new CreateRoleCommand({ RoleName: 'import', AssumeRolePolicyDocument: TRUST }))).Role
      .Arn;
    await iam.send(new PutRolePolicyCommand({ RoleName: 'import', PolicyName: 'logs', PolicyDocument: LOGS }));
    const poolId = (await c.send(new CreateUserPoolCommand({ PoolName: 'bench', AutoVerifiedAttributes: ['email'] })))
      .UserPool.Id;
    const header = (await c.send(new GetCSVHeaderCommand({ UserPoolId: poolId }))).CSVHeader;
    const file = join(dir, 'users.csv');
    await writeCsv(file, header, users);
    const bytes = statSync(file).size;
    const job = (
      await c.send(
        new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: 'bench', CloudWatchLogsRoleArn: role }),
      )
    ).UserImportJob;
    const u0 = performance.now();
    await putFile(job.PreSignedUrl, file);
    const uploadMs = performance.now() - u0;
    const rssAfterUpload = server.peakRss();
    await c.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }));
    let done;
    for (;;) {
      done = (await c.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }))).UserImportJob;
      if (!['Pending', 'InProgress'].includes(done.Status)) break;
      await sleep(100);
    }
    const seconds = (done.CompletionDate - done.StartDate) / 1000;
    const result = {
      users,
      fileMiB: +(bytes / 2 ** 20).toFixed(1),
      status: done.Status,
      imported: done.ImportedUsers,
      skipped: done.SkippedUsers,
      failed: done.FailedUsers,
      uploadSeconds: +(uploadMs / 1000).toFixed(2),
      importSeconds: +seconds.toFixed(2),
      usersPerSecond: Math.round(done.ImportedUsers / seconds),
      peakRssMiBAfterUpload: +(rssAfterUpload / 2 ** 20).toFixed(1),
      peakRssMiB: +(server.peakRss() / 2 ** 20).toFixed(1),
    };
    c.destroy();
    iam.destroy();
    return result;
  } finally {
    await server.stop();
    await target.cleanup(false);
    rmSync(dir, { recursive: true, force: true });
  }
}

const run = { startedAt: new Date().toISOString(), options, ...cognateVersion(ROOT), results: [] };
try {
  for (const users of sizes) {
    process.stderr.write(`importing ${users} users\n`);
    run.results.push(await runSize(users));
  }
} finally {
  killAll();
}
console.log('| users | file | upload | import | users/s | peak RSS after upload | peak RSS after import | outcome |');
console.log('|---:|---:|---:|---:|---:|---:|---:|---|');
for (const r of run.results)
  console.log(
    `| ${r.users} | ${r.fileMiB} MiB | ${r.uploadSeconds} s | ${r.importSeconds} s | ${r.usersPerSecond} | ${r.peakRssMiBAfterUpload} MiB | ${r.peakRssMiB} MiB | ${r.status}: ${r.imported} imported, ${r.skipped} skipped, ${r.failed} failed |`,
  );
const slowest = Math.min(...run.results.map((r) => r.usersPerSecond));
console.log(`\nslowest: ${slowest} users/s (target ≥ ${TARGET_USERS_PER_SECOND})`);
console.log(`saved ${saveResults(run, BENCH, 'import-')}`);
