// `cognate doctor email`: the troubleshooting path of the mission's document (docs/reference/seeds/000) walked for one pool,
// from the CLI (an AWS client of the endpoint) and over HTTP, with the same report.
import { before, after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateUserPoolCommand,
  CreateUserPoolClientCommand,
  SignUpCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { SESv2Client, DeleteEmailIdentityCommand } from '@aws-sdk/client-sesv2';
import { rejectsWith, startServer, type TestServer } from './support/server.js';
import { verifiedIdentity } from './support/ses.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const ACCOUNT = '123456789012';

interface Report {
  verdict: string;
  sendingAccount: string;
  findings: { check: string; level: string; detail: string; fix?: string }[];
  recentFailures: { destination: string; lastError: string }[];
}

describe('cognate doctor email', () => {
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  let devPool: string;
  let defaultPool: string;
  before(async () => {
    s = await startServer();
    c = s.cognito({ accessKeyId: ACCOUNT });
    await verifiedIdentity(s, 'noreply@example.com', { accessKeyId: ACCOUNT });
    devPool = (
      await c.send(
        new CreateUserPoolCommand({
          PoolName: 'dev',
          AutoVerifiedAttributes: ['email'],
          EmailConfiguration: {
            EmailSendingAccount: 'DEVELOPER',
            SourceArn: `arn:aws:ses:us-east-1:${ACCOUNT}:identity/noreply@example.com`,
            From: 'noreply@example.com',
          },
        }),
      )
    ).UserPool!.Id!;
    const clientId = (await c.send(new CreateUserPoolClientCommand({ UserPoolId: devPool, ClientName: 'web' })))
      .UserPoolClient!.ClientId!;
    await rejectsWith(
      c.send(
        new SignUpCommand({
          ClientId: clientId,
          Username: 'alice',
          Password: 'Passw0rd!',
          UserAttributes: [{ Name: 'email', Value: 'alice@example.net' }],
        }),
      ),
      'CodeDeliveryFailureException',
    );
    defaultPool = (await c.send(new CreateUserPoolCommand({ PoolName: 'default' }))).UserPool!.Id!;
  });
  after(() => s.stop());

  const http = async (pool: string, extra = '') => {
    const res = await fetch(`${s.url}/_cognate/doctor/email?pool=${pool}${extra}`);
    return { status: res.status, report: (await res.json()) as Report };
  };
  const cli = async (...args: string[]) => cliWith({ AWS_ACCESS_KEY_ID: ACCOUNT, AWS_SECRET_ACCESS_KEY: 'x' }, ...args);
  const cliWith = async (keys: Record<string, string>, ...args: string[]) => {
    const env = { PATH: process.env.PATH ?? '/usr/bin', HOME: process.env.HOME ?? '/tmp', ...keys };
    try {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [CLI, 'doctor', 'email', '--endpoint', s.url, ...args],
        { env },
      );
      return { code: 0, stdout };
    } catch (e) {
      const err = e as { code: number; stdout: string };
      return { code: err.code, stdout: err.stdout };
    }
  };
  const finding = (r: Report, check: string) => r.findings.filter((f) => f.check === check);

  test('a sandboxed DEVELOPER pool: the unverified recipient, the sandbox and the failed delivery, with what to change', async () => {
    const { status, report } = await http(devPool);
    assert.equal(status, 200);
    assert.equal(report.verdict, 'problems found');
    assert.equal(report.sendingAccount, 'DEVELOPER');
    assert.equal(finding(report, 'identity')[0].level, 'ok');
    assert.equal(finding(report, 'sandbox')[0].level, 'warning');
    assert.match(finding(report, 'sandbox')[0].fix!, /aws sesv2 put-account-details --production-access-enabled/);
    const recipient = finding(report, 'recipient').find((f) => f.detail.startsWith('alice@example.net'))!;
    assert.equal(recipient.level, 'problem');
    assert.match(recipient.detail, /failed the check in region US-EAST-1: alice@example.net/);
    assert.deepEqual(
      report.recentFailures.map((m) => [m.destination, m.lastError]),
      [
        [
          'alice@example.net',
          'Email address is not verified. The following identities failed the check in region US-EAST-1: alice@example.net',
        ],
      ],
    );
    assert.equal(finding(report, 'delivery')[0].level, 'problem');
  });

  test('the CLI prints the same report (--json) and a readable one, exit code 1 when something is wrong', async () => {
    const json = await cli('--pool', devPool, '--json');
    assert.equal(json.code, 1);
    const fromCli = JSON.parse(json.stdout) as Report;
    const { report } = await http(devPool);
    assert.deepEqual(fromCli.findings, report.findings);
    assert.equal(fromCli.verdict, report.verdict);
    const text = await cli('--pool', devPool);
    assert.match(text.stdout, /\[PROBLEM\] recipient: alice@example.net is not verified/);
    assert.match(text.stdout, /fix: Verify alice@example.net/);
    assert.match(text.stdout, /verdict: problems found/);
  });

  test('--profile takes the keys from the shared credentials file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cognate-doctor-')), 'credentials');
    writeFileSync(
      file,
      `[default]\naws_access_key_id = 000000000000\naws_secret_access_key = x\n\n[app]\naws_access_key_id = ${ACCOUNT}\naws_secret_access_key = y\n`,
    );
    const withProfile = await cliWith(
      { AWS_SHARED_CREDENTIALS_FILE: file },
      '--pool',
      devPool,
      '--profile',
      'app',
      '--json',
    );
    assert.equal((JSON.parse(withProfile.stdout) as Report).verdict, 'problems found');
    // the default profile's account cannot see the pool
    const other = await cliWith(
      { AWS_SHARED_CREDENTIALS_FILE: file },
      '--pool',
      devPool,
      '--profile',
      'default',
      '--json',
    );
    assert.equal((JSON.parse(other.stdout) as Report).verdict, 'pool not found');
  });

  test('a COGNITO_DEFAULT pool: the default sender and its daily quota, nothing wrong', async () => {
    const { report } = await http(defaultPool);
    assert.equal(report.sendingAccount, 'COGNITO_DEFAULT');
    assert.equal(report.verdict, 'ok');
    assert.match(finding(report, 'default sender quota')[0].detail, /50 emails a day per account and Region/);
    const out = await cli('--pool', defaultPool);
    assert.equal(out.code, 0);
  });

  test('an identity deleted after the pool was set up, and a pool that does not exist', async () => {
    await s
      .client(SESv2Client, { accessKeyId: ACCOUNT })
      .send(new DeleteEmailIdentityCommand({ EmailIdentity: 'noreply@example.com' }));
    const { report } = await http(devPool);
    assert.equal(finding(report, 'identity')[0].level, 'problem');
    assert.match(
      finding(report, 'identity')[0].fix!,
      /aws sesv2 create-email-identity --email-identity noreply@example.com/,
    );
    const missing = await http('us-east-1_NoSuchPool');
    assert.equal(missing.status, 404);
    assert.equal(missing.report.verdict, 'pool not found');
    assert.equal((await cli('--pool', 'us-east-1_NoSuchPool')).code, 1);
  });
});

describe("cognate doctor email: the default sender's quota is the account's", () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ flags: { 'default-email-daily-quota': '3' } });
  });
  after(() => s.stop());

  test('emails of other pools of the account count; past the quota the report says so, from the CLI and HTTP', async () => {
    const c = s.cognito({ accessKeyId: ACCOUNT });
    const pools: string[] = [];
    for (const name of ['busy', 'quiet']) {
      const id = (await c.send(new CreateUserPoolCommand({ PoolName: name, AutoVerifiedAttributes: ['email'] })))
        .UserPool!.Id!;
      const clientId = (await c.send(new CreateUserPoolClientCommand({ UserPoolId: id, ClientName: 'web' })))
        .UserPoolClient!.ClientId!;
      pools.push(id);
      for (const user of name === 'busy' ? ['a', 'b', 'c'] : []) {
        await c.send(
          new SignUpCommand({
            ClientId: clientId,
            Username: user,
            Password: 'Passw0rd!',
            UserAttributes: [{ Name: 'email', Value: `${user}@example.com` }],
          }),
        );
      }
    }
    const res = await fetch(`${s.url}/_cognate/doctor/email?pool=${pools[1]}`);
    const report = (await res.json()) as Report;
    const quota = report.findings.find((f) => f.check === 'default sender quota')!;
    assert.equal(quota.level, 'problem');
    assert.match(
      quota.detail,
      new RegExp(`allows 3 emails a day per account and Region; account ${ACCOUNT} has used 3 of them`),
    );
    assert.match(quota.fix!, /EmailSendingAccount=DEVELOPER/);
    assert.notEqual(report.verdict, 'ok');

    const { stdout } = await promisify(execFile)(
      process.execPath,
      [CLI, 'doctor', 'email', '--endpoint', s.url, '--pool', pools[1], '--json'],
      {
        env: {
          PATH: process.env.PATH ?? '/usr/bin',
          HOME: '/tmp',
          AWS_ACCESS_KEY_ID: ACCOUNT,
          AWS_SECRET_ACCESS_KEY: 'x',
        },
      },
    ).catch((e: { stdout: string }) => e);
    assert.deepEqual(
      (JSON.parse(stdout) as Report).findings.find((f) => f.check === 'default sender quota'),
      quota,
    );
  });
});
