// The SMS settings of a pool set up with the AWS CLI as the mission's document (docs/reference/seeds/004) describes, and
// `cognate doctor sms` reading them back through the public APIs: the role, its trust policy
// condition by condition, sns:Publish, the SNS Region, the sandbox, spend and what to change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type TestServer } from './support/server.js';
import { run as doctor } from '../src/cli/doctor/sms.js';
import type { SmsReport } from '../src/doctor/sms-report.js';
import { trustPolicy, PUBLISH_POLICY } from './support/sms.js';
import { AWS_CLI, AWS_CLI_PATH, awsCliMissing } from './support/aws-cli.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const ACCOUNT = '333344445555';

test('SMS settings with the AWS CLI, and cognate doctor sms', {
  skip: awsCliMissing,
}, async (t) => {
  const s: TestServer = await startServer();
  t.after(() => s.stop());
  const env = {
    PATH: AWS_CLI_PATH,
    HOME: process.env.HOME ?? '/tmp',
    AWS_ACCESS_KEY_ID: ACCOUNT,
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_PAGER: '',
  };
  const aws = async (...args: string[]) => {
    const { stdout } = await promisify(execFile)(AWS_CLI, ['--endpoint-url', s.url, '--output', 'json', ...args], {
      env,
    });
    return stdout.trim() ? JSON.parse(stdout) : {};
  };
  const awsFails = async (...args: string[]) => {
    try {
      await aws(...args);
    } catch (e) {
      return String((e as { stderr?: string }).stderr);
    }
    throw new Error('the command succeeded');
  };
  // The command in this process finds its keys as the AWS SDK finds them: here a named profile.
  const dir = mkdtempSync(join(tmpdir(), 'cognate-sms-doctor-'));
  writeFileSync(join(dir, 'credentials'), `[sms]\naws_access_key_id = ${ACCOUNT}\naws_secret_access_key = test\n`);
  writeFileSync(join(dir, 'config'), '');
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
  process.env.AWS_CONFIG_FILE = join(dir, 'config');
  const report = async (poolId: string): Promise<{ code: number; report: SmsReport }> => {
    const out: string[] = [];
    const code = await doctor(['--pool', poolId, '--json', '--endpoint', s.url, '--profile', 'sms'], (x) =>
      out.push(x),
    );
    return { code, report: JSON.parse(out.join('')) };
  };

  const pool = (
    await aws('cognito-idp', 'create-user-pool', '--pool-name', 'sms', '--auto-verified-attributes', 'phone_number')
  ).UserPool;
  const clientId = (
    await aws('cognito-idp', 'create-user-pool-client', '--user-pool-id', pool.Id, '--client-name', 'app')
  ).UserPoolClient.ClientId;
  const roleArn = (
    await aws(
      'iam',
      'create-role',
      '--role-name',
      'CognitoSms',
      '--assume-role-policy-document',
      trustPolicy(ACCOUNT, pool.Arn, 'a1b2c3d4'),
    )
  ).Role.Arn;
  await aws(
    'iam',
    'put-role-policy',
    '--role-name',
    'CognitoSms',
    '--policy-name',
    'publish',
    '--policy-document',
    PUBLISH_POLICY,
  );
  const smsConfiguration = `SnsCallerArn=${roleArn},ExternalId=a1b2c3d4,SnsRegion=us-east-1`;

  // A role that cannot publish is refused with AWS's exception, as the CLI shows it.
  await aws(
    'iam',
    'create-role',
    '--role-name',
    'NoPublish',
    '--assume-role-policy-document',
    trustPolicy(ACCOUNT, pool.Arn, 'a1b2c3d4'),
  );
  const refused = await awsFails(
    'cognito-idp',
    'update-user-pool',
    '--user-pool-id',
    pool.Id,
    '--auto-verified-attributes',
    'phone_number',
    '--sms-configuration',
    `SnsCallerArn=arn:aws:iam::${ACCOUNT}:role/NoPublish,ExternalId=a1b2c3d4`,
  );
  assert.match(refused, /InvalidSmsRoleAccessPolicyException.*Role does not have permission to publish with SNS/);

  await aws(
    'cognito-idp',
    'update-user-pool',
    '--user-pool-id',
    pool.Id,
    '--auto-verified-attributes',
    'phone_number',
    '--sms-configuration',
    smsConfiguration,
  );
  const described = (await aws('cognito-idp', 'describe-user-pool', '--user-pool-id', pool.Id)).UserPool;
  assert.deepEqual(described.SmsConfiguration, {
    SnsCallerArn: roleArn,
    ExternalId: 'a1b2c3d4',
    SnsRegion: 'us-east-1',
  });

  // In the sandbox: a sign-up to an unverified number is accepted and its SMS dropped.
  await aws(
    'cognito-idp',
    'sign-up',
    '--client-id',
    clientId,
    '--username',
    'ulla',
    '--password',
    'Passw0rd!',
    '--user-attributes',
    'Name=phone_number,Value=+4915112350001',
  );
  let r = await report(pool.Id);
  assert.equal(r.code, 1);
  assert.equal(r.report.ok, false);
  assert.equal(r.report.role?.found, true);
  assert.equal(r.report.trust?.allowed, true);
  const conditions = r.report.trust!.decision!.statements[0].conditions;
  assert.deepEqual(
    conditions.map((c) => [c.operator, c.key, c.held]),
    [
      ['StringEquals', 'sts:ExternalId', true],
      ['StringEquals', 'aws:SourceAccount', true],
      ['ArnLike', 'aws:SourceArn', true],
    ],
  );
  assert.equal(r.report.permission?.allowed, true);
  assert.deepEqual(r.report.permission?.policies, [{ name: 'publish', kind: 'inline', readable: true }]);
  assert.equal(r.report.permission?.simulated, 'allowed');
  assert.equal(r.report.sns?.region, 'us-east-1');
  assert.equal(r.report.sns?.inSandbox, true);
  assert.equal(r.report.sns?.monthlySpendLimitUsd, 1);
  assert.equal(r.report.lastFailures[0].destination, '+4915112350001');
  assert.match(r.report.lastFailures[0].reason!, /SMS sandbox/);
  assert.ok(
    r.report.advice.some((a) => a.includes(`cognate sns leave-sandbox --account ${ACCOUNT} --region us-east-1`)),
    r.report.advice.join('\n'),
  );

  // The same JSON over HTTP.
  const http = (await (
    await fetch(`${s.url}/_cognate/doctor/sms?pool=${pool.Id}&account=${ACCOUNT}`)
  ).json()) as SmsReport;
  assert.deepEqual(http, r.report);

  // Out of the sandbox, the pool's SMS reach users.
  const { stdout } = await promisify(execFile)(process.execPath, [
    CLI,
    'sns',
    'leave-sandbox',
    '--account',
    ACCOUNT,
    '--endpoint',
    s.url,
  ]);
  assert.equal(JSON.parse(stdout).inSandbox, false);
  r = await report(pool.Id);
  assert.equal(r.report.ok, true, r.report.advice.join('\n'));
  assert.equal(r.code, 0);

  // A trust policy for another account: the doctor names the failing condition, through the real command.
  await aws(
    'iam',
    'update-assume-role-policy',
    '--role-name',
    'CognitoSms',
    '--policy-document',
    trustPolicy('999999999999', pool.Arn, 'a1b2c3d4'),
  );
  const run = await promisify(execFile)(
    process.execPath,
    [CLI, 'doctor', 'sms', '--pool', pool.Id, '--endpoint', s.url],
    { env: { ...env, PATH: process.env.PATH ?? '/usr/bin' } },
  ).then(
    (ok) => ({ ...ok, code: 0 }),
    (e) => e as { stdout: string; code: number },
  );
  assert.equal(run.code, 1);
  assert.match(run.stdout, /trust policy: NO/);
  assert.match(run.stdout, /StringEquals aws:SourceAccount: NO/);
  assert.match(run.stdout, /what to change:/);

  // An AWS managed policy attached instead of the inline one: read through GetPolicy/GetPolicyVersion.
  await aws('iam', 'delete-role-policy', '--role-name', 'CognitoSms', '--policy-name', 'publish');
  r = await report(pool.Id);
  assert.equal(r.report.permission?.allowed, false);
  assert.equal(r.report.permission?.simulated, 'implicitDeny');
  assert.match(r.report.advice.join('\n'), /Allow the role sns:Publish/);
  await aws(
    'iam',
    'attach-role-policy',
    '--role-name',
    'CognitoSms',
    '--policy-arn',
    'arn:aws:iam::aws:policy/AmazonSNSFullAccess',
  );
  r = await report(pool.Id);
  assert.deepEqual(r.report.permission?.policies, [{ name: 'AmazonSNSFullAccess', kind: 'attached', readable: true }]);
  assert.equal(r.report.permission?.allowed, true);

  // A pool without SmsConfiguration is told so.
  const bare = (await aws('cognito-idp', 'create-user-pool', '--pool-name', 'bare')).UserPool;
  r = await report(bare.Id);
  assert.equal(r.report.smsConfiguration, null);
  assert.match(r.report.advice.join('\n'), /no SmsConfiguration/);
});
