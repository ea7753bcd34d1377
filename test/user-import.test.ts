// User import (GetCSVHeader, Create/Start/Stop/Describe/ListUserImportJobs) through the AWS SDK,
// with the CSV PUT to the job's pre-signed URL as curl does in AWS's developer guide, and the
// CloudWatch Logs role made through cognate's IAM.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  CreateUserImportJobCommand,
  CreateUserPoolCommand,
  DescribeUserImportJobCommand,
  DescribeUserPoolCommand,
  GetCSVHeaderCommand,
  ListUserImportJobsCommand,
  StartUserImportJobCommand,
  StopUserImportJobCommand,
  type CognitoIdentityProviderClient,
  type UserImportJobType,
} from '@aws-sdk/client-cognito-identity-provider';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  CloudWatchLogsClient,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { eachBackend, rejectsWith, startServer, type TestServer } from './support/server.js';

const ACCOUNT = '000000000000';
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'cognito-idp.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const EC2_TRUST = TRUST.replace('cognito-idp.amazonaws.com', 'ec2.amazonaws.com');
// The developer guide's role policy ("Creating the CloudWatch Logs IAM role").
const LOGS_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
      Resource: [`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/cognito/*`],
    },
  ],
});
const STANDARD_HEADER = [
  'name',
  'given_name',
  'family_name',
  'middle_name',
  'nickname',
  'preferred_username',
  'profile',
  'picture',
  'website',
  'email',
  'email_verified',
  'gender',
  'birthdate',
  'zoneinfo',
  'locale',
  'phone_number',
  'phone_number_verified',
  'address',
  'updated_at',
  'cognito:mfa_enabled',
  'cognito:username',
];

/** A CSV line in the header's column order from the values given by column name. */
const line = (header: string[], values: Record<string, string>) => header.map((h) => values[h] ?? '').join(',');

eachBackend('user import', (backend) => {
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  let poolId: string;
  let roleArn: string;
  let ec2RoleArn: string;

  const put = (
    url: string,
    body: string,
    headers: Record<string, string> = { 'x-amz-server-side-encryption': 'aws:kms' },
  ) => fetch(url, { method: 'PUT', body, headers });

  async function settled(JobId: string, pool = poolId): Promise<UserImportJobType> {
    // Polls until the background job ends (no timing is asserted; the cap only keeps a broken run from hanging).
    for (let i = 0; i < 2000; i++) {
      const job = (await c.send(new DescribeUserImportJobCommand({ UserPoolId: pool, JobId }))).UserImportJob!;
      if (!['Created', 'Pending', 'InProgress', 'Stopping'].includes(job.Status!)) return job;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`job ${JobId} did not end`);
  }

  async function importFile(csv: string, role = roleArn, pool = poolId) {
    const job = (
      await c.send(new CreateUserImportJobCommand({ UserPoolId: pool, JobName: 'import', CloudWatchLogsRoleArn: role }))
    ).UserImportJob!;
    const res = await put(job.PreSignedUrl!, csv);
    assert.equal(res.status, 200, await res.text());
    const started = (await c.send(new StartUserImportJobCommand({ UserPoolId: pool, JobId: job.JobId! })))
      .UserImportJob!;
    assert.equal(started.Status, 'Pending');
    assert.ok(started.StartDate instanceof Date);
    return settled(job.JobId!, pool);
  }

  before(async () => {
    s = await startServer({ backend });
    c = s.cognito();
    poolId = (
      await c.send(
        new CreateUserPoolCommand({
          PoolName: 'importing',
          AutoVerifiedAttributes: ['email'],
          Schema: [{ Name: 'tier', AttributeDataType: 'String', Mutable: true }],
        }),
      )
    ).UserPool!.Id!;
    const iam = s.client(IAMClient);
    roleArn = (await iam.send(new CreateRoleCommand({ RoleName: 'CognitoImport', AssumeRolePolicyDocument: TRUST })))
      .Role!.Arn!;
    await iam.send(
      new PutRolePolicyCommand({ RoleName: 'CognitoImport', PolicyName: 'logs', PolicyDocument: LOGS_POLICY }),
    );
    ec2RoleArn = (await iam.send(new CreateRoleCommand({ RoleName: 'Ec2Role', AssumeRolePolicyDocument: EC2_TRUST })))
      .Role!.Arn!;
    await iam.send(new PutRolePolicyCommand({ RoleName: 'Ec2Role', PolicyName: 'logs', PolicyDocument: LOGS_POLICY }));
  });
  after(() => s.stop());

  test("GetCSVHeader lists AWS's columns in AWS's order, custom attributes after cognito:username", async () => {
    const r = await c.send(new GetCSVHeaderCommand({ UserPoolId: poolId }));
    assert.equal(r.UserPoolId, poolId);
    assert.deepEqual(r.CSVHeader, [...STANDARD_HEADER, 'custom:tier']);
    await rejectsWith(
      c.send(new GetCSVHeaderCommand({ UserPoolId: 'us-east-1_nothere' })),
      'ResourceNotFoundException',
    );
  });

  test('a job is Created with a pre-signed URL on this server, listed newest first, and refuses to start without a file', async () => {
    const a = (
      await c.send(
        new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: 'first', CloudWatchLogsRoleArn: roleArn }),
      )
    ).UserImportJob!;
    assert.match(a.JobId!, /^import-[0-9a-zA-Z]{10}$/);
    assert.equal(a.Status, 'Created');
    assert.equal(a.JobName, 'first');
    assert.equal(a.CloudWatchLogsRoleArn, roleArn);
    assert.deepEqual([a.ImportedUsers, a.SkippedUsers, a.FailedUsers], [0, 0, 0]);
    assert.ok(a.PreSignedUrl!.startsWith(`${s.url}/`));
    assert.match(a.PreSignedUrl!, /X-Amz-Expires=900/);
    const b = (
      await c.send(
        new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: 'second', CloudWatchLogsRoleArn: roleArn }),
      )
    ).UserImportJob!;
    const described = (await c.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: a.JobId! })))
      .UserImportJob!;
    assert.equal(described.PreSignedUrl, a.PreSignedUrl);
    const page1 = await c.send(new ListUserImportJobsCommand({ UserPoolId: poolId, MaxResults: 1 }));
    assert.deepEqual(
      page1.UserImportJobs!.map((j) => j.JobId),
      [b.JobId],
    );
    assert.ok(page1.PaginationToken);
    const page2 = await c.send(
      new ListUserImportJobsCommand({ UserPoolId: poolId, MaxResults: 1, PaginationToken: page1.PaginationToken }),
    );
    assert.deepEqual(
      page2.UserImportJobs!.map((j) => j.JobId),
      [a.JobId],
    );
    await rejectsWith(
      c.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: a.JobId! })),
      'PreconditionNotMetException',
    );
    await rejectsWith(
      c.send(new StopUserImportJobCommand({ UserPoolId: poolId, JobId: a.JobId! })),
      'PreconditionNotMetException',
    );
    await rejectsWith(
      c.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: 'import-0000000000' })),
      'ResourceNotFoundException',
    );
    await rejectsWith(
      c.send(
        new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: 'bad/name', CloudWatchLogsRoleArn: roleArn }),
      ),
      'InvalidParameterException',
    );
    await rejectsWith(
      c.send(new ListUserImportJobsCommand({ UserPoolId: poolId, MaxResults: 61 })),
      'InvalidParameterException',
    );
  });

  test('the pre-signed URL takes a PUT as S3 does: signed header required, signature checked', async () => {
    const job = (
      await c.send(
        new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: 'upload', CloudWatchLogsRoleArn: roleArn }),
      )
    ).UserImportJob!;
    const unsigned = await put(job.PreSignedUrl!, 'x', { 'Content-Type': 'text/csv' });
    assert.equal(unsigned.status, 403);
    assert.match(await unsigned.text(), /<Code>SignatureDoesNotMatch<\/Code>/);
    const forged = await put(job.PreSignedUrl!.replace(/X-Amz-Signature=[0-9a-f]/, 'X-Amz-Signature=g'), 'x');
    assert.equal(forged.status, 403);
    assert.match(await forged.text(), /SignatureDoesNotMatch/);
    const ok = await put(job.PreSignedUrl!, 'hello');
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('etag'), '"5d41402abc4b2a76b9719d911017c592"');
  });

  test('rows are validated and counted; imported users must reset their password; skipped and failed lines are logged by line number', async () => {
    await c.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'taken', MessageAction: 'SUPPRESS' }));
    const h = [...STANDARD_HEADER, 'custom:tier'];
    const csv = [
      h.join(','),
      line(h, {
        'cognito:username': 'jane',
        email: 'jane@example.com',
        email_verified: 'TRUE',
        address: '100 Main Street\\, Springfield',
        birthdate: '01/01/1985',
        'custom:tier': ' gold ',
        'cognito:mfa_enabled': 'FALSE',
      }),
      line(h, {
        'cognito:username': 'taken',
        email: 'taken@example.com',
        email_verified: 'true',
        'cognito:mfa_enabled': 'false',
      }),
      line(h, {
        'cognito:username': 'noverify',
        email: 'n@example.com',
        email_verified: 'false',
        'cognito:mfa_enabled': 'false',
      }),
      line(h, {
        'cognito:username': 'jane',
        email: 'jane2@example.com',
        email_verified: 'true',
        'cognito:mfa_enabled': 'false',
      }),
      line(h, {
        'cognito:username': 'mfa',
        email: 'm@example.com',
        email_verified: 'true',
        'cognito:mfa_enabled': 'true',
      }),
      line(h, {
        'cognito:username': 'john',
        email: 'john@example.com',
        email_verified: 'true',
        'cognito:mfa_enabled': 'false',
      }),
      line(h, {
        'cognito:username': 'ann',
        email: 'ann@example.com',
        email_verified: 'true',
        'cognito:mfa_enabled': 'false',
      }),
      line(h, {
        'cognito:username': 'bob',
        email: 'bob@example.com',
        email_verified: 'true',
        'cognito:mfa_enabled': 'false',
      }),
      '',
    ].join('\r\n');
    const job = await importFile(csv);
    assert.equal(job.Status, 'Succeeded');
    assert.deepEqual([job.ImportedUsers, job.SkippedUsers, job.FailedUsers], [4, 2, 2]);
    assert.ok(job.CompletionDate instanceof Date);
    const jane = await c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'jane' }));
    assert.equal(jane.UserStatus, 'RESET_REQUIRED');
    const attrs = Object.fromEntries(jane.UserAttributes!.map((a) => [a.Name, a.Value]));
    assert.equal(attrs.address, '100 Main Street, Springfield');
    assert.equal(attrs.email_verified, 'true');
    assert.equal(attrs['custom:tier'], 'gold');
    assert.equal(attrs.email, 'jane@example.com');
    const log = await (await fetch(`${s.url}/_cognate/user-import/${poolId}/${job.JobId}/log`)).json();
    assert.equal(log.logGroupName, `/aws/cognito/userpools/${poolId}/importing`);
    assert.equal(log.logStreamName, `${job.JobId}/import`);
    assert.deepEqual(
      log.events.map((e: { message: string }) => e.message.replace(/ - .*/, '')),
      ['[SKIPPED] Line Number 3', '[FAILED] Line Number 4', '[SKIPPED] Line Number 5', '[FAILED] Line Number 6'],
    );
    assert.equal(log.events[0].message, '[SKIPPED] Line Number 3 - The user already exists.');
    assert.equal(
      log.events[1].message,
      '[FAILED] Line Number 4 - The User Record does not set any of the auto verified attributes to true. (Example: email_verified to true).',
    );
    // The job's log in CloudWatch Logs, where AWS writes it: every line, SUCCEEDED ones too.
    const logs = s.client(CloudWatchLogsClient);
    const logGroupName = `/aws/cognito/userpools/${poolId}/importing`;
    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName }));
    assert.deepEqual(
      streams.logStreams?.map((x) => x.logStreamName),
      [`${job.JobId}/import`],
    );
    const events = await logs.send(new FilterLogEventsCommand({ logGroupName }));
    assert.deepEqual(
      events.events?.map((e) => e.message!.replace(/ - .*/, '')),
      [
        '[SUCCEEDED] Line Number 2',
        '[SKIPPED] Line Number 3',
        '[FAILED] Line Number 4',
        '[SKIPPED] Line Number 5',
        '[FAILED] Line Number 6',
        '[SUCCEEDED] Line Number 7',
        '[SUCCEEDED] Line Number 8',
        '[SUCCEEDED] Line Number 9',
      ],
    );
    assert.equal(events.events?.[0].message, '[SUCCEEDED] Line Number 2 - The import succeeded.');
    // Why a row failed, as `aws logs filter-log-events --filter-pattern FAILED` shows it.
    const failed = await logs.send(new FilterLogEventsCommand({ logGroupName, filterPattern: 'FAILED' }));
    assert.deepEqual(
      failed.events?.map((e) => e.message),
      log.events
        .filter((e: { message: string }) => e.message.startsWith('[FAILED]'))
        .map((e: { message: string }) => e.message),
    );
    assert.equal(failed.events?.length, 2);
    // Finished jobs neither start nor stop again.
    await rejectsWith(
      c.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId! })),
      'PreconditionNotMetException',
    );
    await rejectsWith(
      c.send(new StopUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId! })),
      'PreconditionNotMetException',
    );
    // Its URL takes no new file.
    const again = await put(job.PreSignedUrl!, csv);
    assert.equal(again.status, 403);
  });

  test("more users refused than imported fail the job with AWS's message", async () => {
    const h = [...STANDARD_HEADER, 'custom:tier'];
    const csv = [
      h.join(','),
      line(h, { 'cognito:username': 'x1', email_verified: 'false', 'cognito:mfa_enabled': 'false' }),
      line(h, { 'cognito:username': 'x2', email_verified: 'false', 'cognito:mfa_enabled': 'false' }),
      line(h, {
        'cognito:username': 'x3',
        email: 'x3@example.com',
        email_verified: 'true',
        'cognito:mfa_enabled': 'false',
      }),
    ].join('\n');
    const job = await importFile(csv);
    assert.equal(job.Status, 'Failed');
    assert.equal(job.CompletionMessage, 'Too many users have failed or been skipped during the import.');
    assert.deepEqual([job.ImportedUsers, job.SkippedUsers, job.FailedUsers], [1, 0, 2]);
  });

  test('a header without every column, or a role cognito-idp may not assume, fails the job', async () => {
    const bad = await importFile('cognito:username,email\nzed,z@example.com\n');
    assert.equal(bad.Status, 'Failed');
    assert.match(bad.CompletionMessage!, /header lacks the columns name, given_name/);
    const h = [...STANDARD_HEADER, 'custom:tier'];
    const csv = `${h.join(',')}\n${line(h, { 'cognito:username': 'r1', email: 'r1@example.com', email_verified: 'true', 'cognito:mfa_enabled': 'false' })}\n`;
    const refused = await importFile(csv, ec2RoleArn);
    assert.equal(refused.Status, 'Failed');
    assert.equal(refused.ImportedUsers, 0);
    await rejectsWith(c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'r1' })), 'UserNotFoundException');
  });

  test('a pool without auto-verified attributes does not start a job', async () => {
    const plain = (await c.send(new CreateUserPoolCommand({ PoolName: 'plain' }))).UserPool!.Id!;
    const job = (
      await c.send(new CreateUserImportJobCommand({ UserPoolId: plain, JobName: 'j', CloudWatchLogsRoleArn: roleArn }))
    ).UserImportJob!;
    assert.equal((await put(job.PreSignedUrl!, STANDARD_HEADER.join(','))).status, 200);
    await rejectsWith(
      c.send(new StartUserImportJobCommand({ UserPoolId: plain, JobId: job.JobId! })),
      'PreconditionNotMetException',
    );
  });

  test('a stopped job commits whole batches only and ends Stopped', async () => {
    const pool = (await c.send(new CreateUserPoolCommand({ PoolName: 'stopping', AutoVerifiedAttributes: ['email'] })))
      .UserPool!.Id!;
    const rows = [STANDARD_HEADER.join(',')];
    for (let i = 0; i < 20_000; i++)
      rows.push(
        line(STANDARD_HEADER, {
          'cognito:username': `u${i}`,
          email: `u${i}@example.com`,
          email_verified: 'true',
          'cognito:mfa_enabled': 'false',
        }),
      );
    const job = (
      await c.send(new CreateUserImportJobCommand({ UserPoolId: pool, JobName: 'big', CloudWatchLogsRoleArn: roleArn }))
    ).UserImportJob!;
    assert.equal((await put(job.PreSignedUrl!, rows.join('\n'))).status, 200);
    await c.send(new StartUserImportJobCommand({ UserPoolId: pool, JobId: job.JobId! }));
    const stopping = (await c.send(new StopUserImportJobCommand({ UserPoolId: pool, JobId: job.JobId! })))
      .UserImportJob!;
    assert.ok(['Stopped', 'Stopping'].includes(stopping.Status!), stopping.Status);
    const done = await settled(job.JobId!, pool);
    assert.equal(done.Status, 'Stopped');
    assert.equal(done.CompletionMessage, 'The Import Job was stopped by the developer.');
    assert.equal(done.ImportedUsers! % 2000, 0);
    const { UserPool } = await c.send(new DescribeUserPoolCommand({ UserPoolId: pool }));
    assert.equal(UserPool!.EstimatedNumberOfUsers, done.ImportedUsers);
  });
});
