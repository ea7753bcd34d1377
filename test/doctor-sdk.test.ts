// Both doctors are plain AWS clients (the AWS SDK, its standard credential chain): they find their
// keys in a profile as any AWS tool does, send only operations the AWS models name, and against an
// endpoint that is not cognate (as against AWS) read none of cognate's own records but say which
// facts they could not read.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { run as emailDoctor } from '../src/cli/doctor/email.js';
import { run as smsDoctor } from '../src/cli/doctor/sms.js';
import type { EmailReport } from '../src/doctor/email-report.js';
import type { SmsReport } from '../src/doctor/sms-report.js';
import { eachBackend, rejectsWith, startServer, type TestServer } from './support/server.js';
import { modelOf, recordingProxy, type Sent } from './support/recording-proxy.js';
import { verifiedIdentity } from './support/ses.js';
import { PUBLISH_POLICY, trustPolicy } from './support/sms.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const ACCOUNT = '444455556666';
const OTHER = '777788889999';

// The profiles: `app` in the shared credentials file, `ops` in the config file, each with the keys
// of the pools' account. The commands run in this process find them there too (--profile app).
const dir = mkdtempSync(join(tmpdir(), 'cognate-doctor-sdk-'));
const files = { credentials: join(dir, 'credentials'), config: join(dir, 'config') };
writeFileSync(files.credentials, `[app]\naws_access_key_id = ${ACCOUNT}\naws_secret_access_key = app-secret\n`);
writeFileSync(
  files.config,
  `[profile ops]\naws_access_key_id = ${ACCOUNT}\naws_secret_access_key = ops-secret\nregion = eu-west-1\n`,
);
process.env.AWS_SHARED_CREDENTIALS_FILE = files.credentials;
process.env.AWS_CONFIG_FILE = files.config;

async function inProcess<R>(
  doctor: (argv: string[], out: (s: string) => void) => Promise<number>,
  argv: string[],
): Promise<{ code: number; report: R; text: string }> {
  const json: string[] = [];
  const code = await doctor([...argv, '--json'], (s) => json.push(s));
  const text: string[] = [];
  await doctor(argv, (s) => text.push(s));
  return { code, report: JSON.parse(json.join('')) as R, text: text.join('') };
}

eachBackend('the doctors as AWS clients', (backend) => {
  let s: TestServer;
  let emailPool: string;
  let smsPool: string;
  before(async () => {
    s = await startServer({ backend });
    const c = s.cognito({ accessKeyId: ACCOUNT });
    await verifiedIdentity(s, 'noreply@example.com', { accessKeyId: ACCOUNT });
    emailPool = (
      await c.send(
        new CreateUserPoolCommand({
          PoolName: 'email',
          AutoVerifiedAttributes: ['email'],
          EmailConfiguration: {
            EmailSendingAccount: 'DEVELOPER',
            SourceArn: `arn:aws:ses:us-east-1:${ACCOUNT}:identity/noreply@example.com`,
          },
        }),
      )
    ).UserPool!.Id!;
    const iam = s.client(IAMClient, { accessKeyId: ACCOUNT });
    const roleArn = (
      await iam.send(
        new CreateRoleCommand({
          RoleName: 'CognitoSms',
          AssumeRolePolicyDocument: trustPolicy(ACCOUNT, `arn:aws:cognito-idp:us-east-1:${ACCOUNT}:userpool/*`, 'x1'),
        }),
      )
    ).Role!.Arn!;
    await iam.send(
      new PutRolePolicyCommand({ RoleName: 'CognitoSms', PolicyName: 'publish', PolicyDocument: PUBLISH_POLICY }),
    );
    smsPool = (
      await c.send(
        new CreateUserPoolCommand({
          PoolName: 'sms',
          AutoVerifiedAttributes: ['phone_number'],
          SmsConfiguration: { SnsCallerArn: roleArn, ExternalId: 'x1', SnsRegion: 'us-east-1' },
        }),
      )
    ).UserPool!.Id!;
    for (const [pool, attribute] of [
      [emailPool, { Name: 'email', Value: 'alice@example.net' }],
      [smsPool, { Name: 'phone_number', Value: '+4915112350002' }],
    ] as const) {
      const clientId = (await c.send(new CreateUserPoolClientCommand({ UserPoolId: pool, ClientName: 'web' })))
        .UserPoolClient!.ClientId!;
      const signUp = c.send(
        new SignUpCommand({
          ClientId: clientId,
          Username: 'alice',
          Password: 'Passw0rd!',
          UserAttributes: [attribute],
        }),
      );
      // SES's sandbox refuses the unverified recipient at once; SNS's drops the SMS later.
      if (attribute.Name === 'email') await rejectsWith(signUp, 'CodeDeliveryFailureException');
      else await signUp;
    }
  });
  after(() => s.stop());

  test('--profile: the keys come from the AWS SDK credential chain (AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE), with no SDK warning', async () => {
    const cli = async (keys: Record<string, string>, ...args: string[]) => {
      const env = {
        PATH: process.env.PATH ?? '/usr/bin',
        HOME: dir,
        AWS_SHARED_CREDENTIALS_FILE: files.credentials,
        AWS_CONFIG_FILE: files.config,
        ...keys,
      };
      return promisify(execFile)(process.execPath, [CLI, 'doctor', ...args, '--endpoint', s.url, '--json'], {
        env,
      }).then(
        (r) => ({ code: 0, ...r }),
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
    };
    const email = await cli({}, 'email', '--pool', emailPool, '--profile', 'app');
    assert.equal(email.code, 1);
    const emailReport = JSON.parse(email.stdout) as EmailReport;
    assert.equal(emailReport.account, ACCOUNT);
    assert.equal(emailReport.verdict, 'problems found');
    assert.equal(email.stderr, '');

    const sms = await cli({}, 'sms', '--pool', smsPool, '--profile', 'ops');
    assert.equal(sms.code, 1);
    const smsReport = JSON.parse(sms.stdout) as SmsReport;
    assert.equal(smsReport.pool.account, ACCOUNT);
    assert.equal(smsReport.trust?.allowed, true);
    assert.equal(smsReport.sns?.inSandbox, true);
    assert.equal(sms.stderr, '');

    // Without --profile the chain takes the environment's keys, here another account's: it sees no pool.
    const other = { AWS_ACCESS_KEY_ID: OTHER, AWS_SECRET_ACCESS_KEY: 'other' };
    assert.equal(
      (JSON.parse((await cli(other, 'email', '--pool', emailPool)).stdout) as EmailReport).verdict,
      'pool not found',
    );
    const missing = await cli(other, 'sms', '--pool', smsPool);
    assert.equal(missing.code, 2);
    assert.match(missing.stdout, /^cognate doctor sms: ResourceNotFoundException: /);
  });

  /** Each request is an operation of the models, or a GET of cognate's own pages. */
  const assertPublic = (sent: Sent[]) => {
    for (const r of sent) {
      if (!r.service) {
        assert.equal(r.method, 'GET', r.path);
        assert.match(r.path, /^\/_cognate\//);
        continue;
      }
      assert.ok(r.operation, `${r.method} ${r.path} (${r.service}) names no operation`);
      assert.ok(modelOf(r)?.operations[r.operation], `${r.service} ${r.operation} is not in the AWS model`);
    }
  };
  const operations = (sent: Sent[]) => [...new Set(sent.filter((r) => r.service).map((r) => r.operation))].sort();
  const pages = (sent: Sent[]) => [...new Set(sent.filter((r) => !r.service).map((r) => r.path))].sort();

  test('on cognate: every operation they send is in the AWS models; the rest is cognate reading its own records', async () => {
    const proxy = await recordingProxy(s.url);
    try {
      const email = await inProcess<EmailReport>(emailDoctor, [
        '--pool',
        emailPool,
        '--endpoint',
        proxy.url,
        '--profile',
        'app',
      ]);
      assert.equal(email.report.verdict, 'problems found');
      assert.equal(email.report.unavailable, undefined);
      assert.equal(email.report.recentFailures[0].destination, 'alice@example.net');
      assertPublic(proxy.sent);
      assert.deepEqual(operations(proxy.sent), [
        'DescribeUserPool',
        'GetAccount',
        'GetCallerIdentity',
        'GetEmailIdentity',
      ]);
      assert.deepEqual(pages(proxy.sent), ['/_cognate/messages']);

      proxy.sent.length = 0;
      const sms = await inProcess<SmsReport>(smsDoctor, [
        '--pool',
        smsPool,
        '--endpoint',
        proxy.url,
        '--profile',
        'app',
      ]);
      assert.equal(sms.code, 1);
      assert.equal(sms.report.unavailable, undefined);
      assert.equal(sms.report.lastFailures[0].destination, '+4915112350002');
      assert.equal(sms.report.sns?.monthToDateSpentUsd, 0);
      assertPublic(proxy.sent);
      assert.deepEqual(operations(proxy.sent), [
        'DescribeUserPool',
        'GetRole',
        'GetRolePolicy',
        'GetSMSAttributes',
        'GetSMSSandboxAccountStatus',
        'ListAttachedRolePolicies',
        'ListOriginationNumbers',
        'ListRolePolicies',
        'ListSMSSandboxPhoneNumbers',
        'SimulatePrincipalPolicy',
      ]);
      assert.deepEqual(pages(proxy.sent), ['/_cognate/messages', '/_cognate/sns/sms']);
    } finally {
      await proxy.close();
    }
  });

  test('against an endpoint that is not cognate, as against AWS: public operations only, and the report says what it could not know', async () => {
    const proxy = await recordingProxy(s.url, { asAws: true });
    try {
      const email = await inProcess<EmailReport>(emailDoctor, [
        '--pool',
        emailPool,
        '--endpoint',
        proxy.url,
        '--profile',
        'app',
        '--recipient',
        'alice@example.net',
      ]);
      assert.equal(email.code, 1);
      assert.deepEqual(email.report.recentFailures, []);
      assert.equal(email.report.findings.filter((f) => f.check === 'delivery').length, 0);
      assert.equal(email.report.findings.find((f) => f.check === 'recipient')?.level, 'problem');
      assert.equal(email.report.unavailable?.length, 1);
      assert.match(
        email.report.unavailable![0],
        /delivery log \(GET \/_cognate\/messages\) is not read \(.* is not cognate/,
      );
      assert.match(email.text, /not known here:\n {2}- The pool's last deliveries/);
      assertPublic(proxy.sent);
      // the one question to cognate's pages: whether it is there (it answered as AWS does: 404)
      assert.deepEqual(
        proxy.sent.filter((r) => !r.service).map((r) => r.path),
        ['/_cognate/messages', '/_cognate/messages'],
      );

      proxy.sent.length = 0;
      const sms = await inProcess<SmsReport>(smsDoctor, [
        '--pool',
        smsPool,
        '--endpoint',
        proxy.url,
        '--profile',
        'app',
      ]);
      assert.equal(sms.code, 1);
      assert.deepEqual(sms.report.lastFailures, []);
      assert.equal(sms.report.serverMode, undefined);
      assert.equal(sms.report.sns?.inSandbox, true);
      assert.equal(sms.report.sns?.monthToDateSpentUsd, undefined);
      assert.equal(sms.report.unavailable?.length, 2);
      assert.match(sms.report.unavailable![1], /SMSMonthToDateSpentUSD/);
      assert.match(sms.text, /not known here:\n {4}- The pool's last SMS/);
      assertPublic(proxy.sent);
      assert.deepEqual(
        proxy.sent.filter((r) => !r.service).map((r) => r.path),
        ['/_cognate/messages', '/_cognate/messages'],
      );
    } finally {
      await proxy.close();
    }
  });
});

test("the doctors' command lines are read as the AWS CLI reads its own: usage, unknown options, exit code 2", async () => {
  const cognate = (...args: string[]) =>
    promisify(execFile)(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '/usr/bin' } }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
  const list = await cognate('doctor');
  assert.equal(list.code, 2);
  assert.match(list.stdout, /^usage: cognate doctor <command>/);
  assert.match(list.stdout, /\n {2}sms --pool ID .*\n {2}email --pool ID /);
  for (const command of ['email', 'sms']) {
    const unknown = await cognate('doctor', command, '--pool', 'us-east-1_x', '--access-key', '1', 'extra');
    assert.equal(unknown.code, 2);
    assert.equal(
      unknown.stderr,
      `usage: cognate doctor ${command} --pool ID [options]\nTo see help text, you can run:\n\n  cognate doctor ${command} --help\n\nUnknown options: --access-key, 1, extra\n`,
    );
    const noPool = await cognate('doctor', command, '--json');
    assert.equal(noPool.code, 2);
    assert.match(noPool.stderr, /\ncognate: error: the following arguments are required: --pool\n$/);
    const help = await cognate('doctor', command, '--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--profile NAME {3}the AWS SDK's standard credential chain/);
  }
});
