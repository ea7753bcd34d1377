// STS AssumeRole through the real SDK: the trust policy evaluated against the caller (its
// account's root, or a session AssumeRole issued), AWS's AccessDenied wording, validation texts
// (docs/reference/aws-recorded.md §3.6), the credentials' shapes, and GetCallerIdentity for the session.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { IAMClient, CreateRoleCommand, GetRoleCommand, UpdateRoleCommand } from '@aws-sdk/client-iam';
import { STSClient, AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { eachBackend, rejectsWith, startServer, testClock, type TestServer } from './support/server.js';
import { AWS_CLI, AWS_CLI_PATH, awsCliMissing } from './support/aws-cli.js';

const ACCOUNT = '111122223333';
const OTHER = '444455556666';
const trust = (principal: object, condition?: object) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: principal,
        Action: 'sts:AssumeRole',
        ...(condition ? { Condition: condition } : {}),
      },
    ],
  });
const sigv4 = (accessKey: string) =>
  `AWS4-HMAC-SHA256 Credential=${accessKey}/20261129/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`;

eachBackend('STS AssumeRole', (backend) => {
  let s: TestServer;
  let sts: STSClient;
  const clock = testClock();
  before(async () => {
    s = await startServer({ backend, now: clock.now });
    sts = s.client(STSClient, { accessKeyId: ACCOUNT });
    const iam = s.client(IAMClient, { accessKeyId: ACCOUNT });
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'deploy',
        Path: '/ci/',
        AssumeRolePolicyDocument: trust({ AWS: ACCOUNT }),
        MaxSessionDuration: 7200,
      }),
    );
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'partner',
        AssumeRolePolicyDocument: trust(
          { AWS: `arn:aws:iam::${OTHER}:root` },
          { StringEquals: { 'sts:ExternalId': 'shared-secret' } },
        ),
      }),
    );
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'cognito-sms',
        AssumeRolePolicyDocument: trust({ Service: 'cognito-idp.amazonaws.com' }),
      }),
    );
  });
  after(async () => {
    await s.stop();
  });

  test('a role that trusts the account: temporary credentials and the assumed-role user', async () => {
    const started = Date.now();
    const out = await sts.send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/ci/deploy`, RoleSessionName: 'build-42' }),
    );
    const role = (await s.client(IAMClient, { accessKeyId: ACCOUNT }).send(new GetRoleCommand({ RoleName: 'deploy' })))
      .Role!;
    assert.match(out.Credentials!.AccessKeyId!, /^ASIA[A-Z2-7]{16}$/);
    assert.ok(out.Credentials!.SecretAccessKey!.length >= 40);
    assert.ok(out.Credentials!.SessionToken!.length > 100);
    const expires = out.Credentials!.Expiration!.getTime();
    assert.ok(
      expires >= started - 1000 + 3600_000 && expires <= Date.now() + 3600_000,
      `expires ${out.Credentials!.Expiration!.toISOString()}`,
    );
    // The session ARN names the role without its path.
    assert.equal(out.AssumedRoleUser!.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/build-42`);
    assert.equal(out.AssumedRoleUser!.AssumedRoleId, `${role.RoleId}:build-42`);
    assert.equal(role.RoleLastUsed!.Region, 'us-east-1');
    assert.ok(role.RoleLastUsed!.LastUsedDate instanceof Date);

    const asSession = s.client(STSClient, { accessKeyId: out.Credentials!.AccessKeyId! });
    const me = await asSession.send(new GetCallerIdentityCommand({}));
    assert.deepEqual(
      { Account: me.Account, Arn: me.Arn, UserId: me.UserId },
      { Account: ACCOUNT, Arn: out.AssumedRoleUser!.Arn, UserId: out.AssumedRoleUser!.AssumedRoleId },
    );
  });

  test("DurationSeconds up to the role's MaxSessionDuration, not beyond", async () => {
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${ACCOUNT}:role/ci/deploy`,
        RoleSessionName: 'long',
        DurationSeconds: 7200,
      }),
    );
    assert.ok(out.Credentials!.Expiration!.getTime() > Date.now() + 7100_000);
    await rejectsWith(
      sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${ACCOUNT}:role/ci/deploy`,
          RoleSessionName: 'longer',
          DurationSeconds: 7201,
        }),
      ),
      'ValidationError',
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
  });

  test('a role that does not trust the caller, or does not exist, is AccessDenied worded as AWS words it', async () => {
    const cases = [
      `arn:aws:iam::${ACCOUNT}:role/cognito-sms`,
      `arn:aws:iam::${ACCOUNT}:role/nobody`,
      `arn:aws:iam::${ACCOUNT}:role/deploy`,
    ];
    for (const arn of cases) {
      const e = await rejectsWith(
        sts.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 's1' })),
        'AccessDenied',
        `User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: sts:AssumeRole on resource: ${arn}`,
      );
      assert.equal(e.$metadata?.httpStatusCode, 403);
    }
    const res = await fetch(s.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: sigv4(ACCOUNT) },
      body: new URLSearchParams({
        Action: 'AssumeRole',
        Version: '2011-06-15',
        RoleArn: cases[0],
        RoleSessionName: 's1',
      }).toString(),
    });
    assert.equal(res.status, 403);
    assert.match(
      await res.text(),
      /<ErrorResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>AccessDenied<\/Code><Message>User: arn:aws:iam::111122223333:root is not authorized/,
    );
  });

  test('cross-account with an external id: only the trusted account, only with the right id', async () => {
    const partner = s.client(STSClient, { accessKeyId: OTHER });
    const arn = `arn:aws:iam::${ACCOUNT}:role/partner`;
    const out = await partner.send(
      new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'p1', ExternalId: 'shared-secret' }),
    );
    assert.equal(out.AssumedRoleUser!.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/partner/p1`);
    await rejectsWith(
      partner.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'p1', ExternalId: 'wrong-secret' })),
      'AccessDenied',
      `User: arn:aws:iam::${OTHER}:root is not authorized to perform: sts:AssumeRole on resource: ${arn}`,
    );
    await rejectsWith(partner.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'p1' })), 'AccessDenied');
    await rejectsWith(
      sts.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'p1', ExternalId: 'shared-secret' })),
      'AccessDenied',
    );
  });

  test('a session can assume a role that trusts its role', async () => {
    const iam = s.client(IAMClient, { accessKeyId: ACCOUNT });
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'next',
        AssumeRolePolicyDocument: trust({ AWS: `arn:aws:iam::${ACCOUNT}:role/ci/deploy` }),
      }),
    );
    const first = await sts.send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/ci/deploy`, RoleSessionName: 'hop1' }),
    );
    const asSession = s.client(STSClient, { accessKeyId: first.Credentials!.AccessKeyId! });
    const second = await asSession.send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/next`, RoleSessionName: 'hop2' }),
    );
    assert.equal(second.AssumedRoleUser!.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/next/hop2`);
    await iam.send(new UpdateRoleCommand({ RoleName: 'next', MaxSessionDuration: 43200 }));
    await rejectsWith(
      asSession.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${ACCOUNT}:role/next`,
          RoleSessionName: 'hop3',
          DurationSeconds: 3601,
        }),
      ),
      'ValidationError',
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    );
    await asSession.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${ACCOUNT}:role/next`,
        RoleSessionName: 'hop3',
        DurationSeconds: 3600,
      }),
    );
    // The account's root is not the deploy role: refused.
    await rejectsWith(
      sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/next`, RoleSessionName: 'direct' })),
      'AccessDenied',
    );
  });

  test('credentials past their Expiration are refused: ExpiredToken', async () => {
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${ACCOUNT}:role/ci/deploy`,
        RoleSessionName: 'short',
        DurationSeconds: 900,
      }),
    );
    const asSession = s.client(STSClient, { accessKeyId: out.Credentials!.AccessKeyId! });
    assert.equal((await asSession.send(new GetCallerIdentityCommand({}))).Arn, out.AssumedRoleUser!.Arn);
    clock.advance(901_000);
    const e = await rejectsWith(
      asSession.send(new GetCallerIdentityCommand({})),
      'ExpiredToken',
      'The security token included in the request is expired',
    );
    assert.equal(e.$metadata?.httpStatusCode, 403);
    await rejectsWith(
      asSession.send(
        new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/ci/deploy`, RoleSessionName: 'again' }),
      ),
      'ExpiredToken',
    );
  });

  test('validation texts: a malformed RoleArn, a bad session name', async () => {
    await rejectsWith(
      sts.send(new AssumeRoleCommand({ RoleArn: 'arn:a:::something/test-role', RoleSessionName: 's1' })),
      'ValidationError',
      'arn:a:::something/test-role is invalid',
    );
    await rejectsWith(
      sts.send(
        new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/ci/deploy`, RoleSessionName: 'Session1:2' }),
      ),
      'ValidationError',
      "1 validation error detected: Value 'Session1:2' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    );
  });
});

test('the AWS CLI assumes a role and then calls as its session', {
  skip: awsCliMissing,
}, async () => {
  const s = await startServer();
  try {
    const env = {
      PATH: AWS_CLI_PATH,
      HOME: process.env.HOME ?? '/tmp',
      AWS_ACCESS_KEY_ID: ACCOUNT,
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_PAGER: '',
    };
    const aws = (extra: Record<string, string>, ...args: string[]) =>
      promisify(execFile)(AWS_CLI, ['--endpoint-url', s.url, ...args], { env: { ...env, ...extra }, timeout: 60_000 });
    await aws({}, 'iam', 'create-role', '--role-name', 'ops', '--assume-role-policy-document', trust({ AWS: ACCOUNT }));
    const out = JSON.parse(
      (
        await aws(
          {},
          'sts',
          'assume-role',
          '--role-arn',
          `arn:aws:iam::${ACCOUNT}:role/ops`,
          '--role-session-name',
          'cli-session',
        )
      ).stdout,
    );
    assert.equal(out.AssumedRoleUser.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/ops/cli-session`);
    const creds = {
      AWS_ACCESS_KEY_ID: out.Credentials.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: out.Credentials.SecretAccessKey,
      AWS_SESSION_TOKEN: out.Credentials.SessionToken,
    };
    const me = JSON.parse((await aws(creds, 'sts', 'get-caller-identity')).stdout);
    assert.equal(me.Arn, out.AssumedRoleUser.Arn);
    const denied = await aws(
      {},
      'sts',
      'assume-role',
      '--role-arn',
      `arn:aws:iam::${ACCOUNT}:role/nobody`,
      '--role-session-name',
      'x1',
    ).then(
      () => null,
      (e: { stderr: string }) => e.stderr,
    );
    assert.match(
      denied ?? '',
      /An error occurred \(AccessDenied\) when calling the AssumeRole operation: User: arn:aws:iam::111122223333:root is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role\/nobody/,
    );
  } finally {
    await s.stop();
  }
});
