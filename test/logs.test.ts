// The log-delivery family (issue #20): cognate's CloudWatch Logs (the subset `aws logs` needs),
// a user pool's log delivery with message-delivery errors really written to a log group, feature
// plans, GetSigningCertificate, replicas and provisioned limits, through the AWS SDK.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  ListTagsForResourceCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolReplicaCommand,
  DeleteUserPoolCommand,
  DeleteUserPoolReplicaCommand,
  GetLogDeliveryConfigurationCommand,
  GetProvisionedLimitCommand,
  GetSigningCertificateCommand,
  ListUserPoolReplicasCommand,
  SetLogDeliveryConfigurationCommand,
  SetUserPoolMfaConfigCommand,
  SignUpCommand,
  UpdateProvisionedLimitCommand,
  UpdateUserPoolCommand,
  UpdateUserPoolReplicaCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { eachBackend, rejectsWith, startServer, type TestServer } from './support/server.js';
import { smtpSink, until } from './support/smtp.js';

const ACCOUNT = '000000000000';
const groupArn = (name: string) => `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${name}`;

eachBackend('CloudWatch Logs', (backend) => {
  let s: TestServer;
  let logs: CloudWatchLogsClient;
  before(async () => {
    s = await startServer({ backend });
    logs = s.client(CloudWatchLogsClient);
  });
  after(() => s.stop());

  test('log groups: created once, described by prefix with their ARNs and tags, deleted', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/app/errors', tags: { team: 'auth' } }));
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/app/audit' }));
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'other' }));
    await rejectsWith(
      logs.send(new CreateLogGroupCommand({ logGroupName: '/app/errors' })),
      'ResourceAlreadyExistsException',
      'The specified log group already exists',
    );
    await rejectsWith(
      logs.send(new CreateLogGroupCommand({ logGroupName: 'bad name!' })),
      'InvalidParameterException',
      /^1 validation error detected: Value 'bad name!' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern/,
    );
    const found = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/app/' }));
    assert.deepEqual(
      found.logGroups!.map((g) => [g.logGroupName, g.arn, g.logGroupArn, g.logGroupClass]),
      [
        ['/app/audit', `${groupArn('/app/audit')}:*`, groupArn('/app/audit'), 'STANDARD'],
        ['/app/errors', `${groupArn('/app/errors')}:*`, groupArn('/app/errors'), 'STANDARD'],
      ],
    );
    const page1 = await logs.send(new DescribeLogGroupsCommand({ limit: 2 }));
    assert.equal(page1.logGroups!.length, 2);
    const page2 = await logs.send(new DescribeLogGroupsCommand({ limit: 2, nextToken: page1.nextToken }));
    assert.deepEqual(
      page2.logGroups!.map((g) => g.logGroupName),
      ['other'],
    );
    assert.equal(page2.nextToken, undefined);
    assert.deepEqual((await logs.send(new ListTagsForResourceCommand({ resourceArn: groupArn('/app/errors') }))).tags, {
      team: 'auth',
    });
    await logs.send(new DeleteLogGroupCommand({ logGroupName: 'other' }));
    await rejectsWith(
      logs.send(new DeleteLogGroupCommand({ logGroupName: 'other' })),
      'ResourceNotFoundException',
      'The specified log group does not exist.',
    );
    // Another Region has its own groups.
    const west = s.client(CloudWatchLogsClient, { region: 'us-west-2' });
    assert.deepEqual((await west.send(new DescribeLogGroupsCommand({}))).logGroups, []);
  });

  test('streams and events: put, read back in order both ways, filtered by pattern', async () => {
    const logGroupName = '/app/events';
    await logs.send(new CreateLogGroupCommand({ logGroupName }));
    await logs.send(new CreateLogStreamCommand({ logGroupName, logStreamName: 'a' }));
    await logs.send(new CreateLogStreamCommand({ logGroupName, logStreamName: 'b' }));
    await rejectsWith(
      logs.send(new CreateLogStreamCommand({ logGroupName, logStreamName: 'a' })),
      'ResourceAlreadyExistsException',
      'The specified log stream already exists',
    );
    await rejectsWith(
      logs.send(
        new PutLogEventsCommand({ logGroupName, logStreamName: 'nope', logEvents: [{ timestamp: 1, message: 'x' }] }),
      ),
      'ResourceNotFoundException',
      'The specified log stream does not exist.',
    );
    const t = Date.now() - 60_000;
    await logs.send(
      new PutLogEventsCommand({
        logGroupName,
        logStreamName: 'a',
        logEvents: [
          { timestamp: t, message: 'ERROR timeout talking to smtp' },
          { timestamp: t + 1, message: 'INFO delivered' },
          { timestamp: t + 2, message: '{"level":"error","code":550}' },
        ],
      }),
    );
    await logs.send(
      new PutLogEventsCommand({
        logGroupName,
        logStreamName: 'b',
        logEvents: [{ timestamp: t + 1, message: 'ERROR refused by relay' }],
      }),
    );
    await rejectsWith(
      logs.send(
        new PutLogEventsCommand({
          logGroupName,
          logStreamName: 'b',
          logEvents: [
            { timestamp: t + 5, message: 'later' },
            { timestamp: t + 4, message: 'earlier' },
          ],
        }),
      ),
      'InvalidParameterException',
    );
    // Too old for the default 14 days: reported, not stored.
    const old = await logs.send(
      new PutLogEventsCommand({
        logGroupName,
        logStreamName: 'b',
        logEvents: [{ timestamp: t - 20 * 86_400_000, message: 'ancient' }],
      }),
    );
    assert.deepEqual(old.rejectedLogEventsInfo, { tooOldLogEventEndIndex: 0 });

    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName }));
    assert.deepEqual(
      streams.logStreams!.map((x) => [x.logStreamName, x.firstEventTimestamp, x.lastEventTimestamp]),
      [
        ['a', t, t + 2],
        ['b', t + 1, t + 1],
      ],
    );

    const head = await logs.send(
      new GetLogEventsCommand({ logGroupName, logStreamName: 'a', startFromHead: true, limit: 2 }),
    );
    assert.deepEqual(
      head.events!.map((e) => e.message),
      ['ERROR timeout talking to smtp', 'INFO delivered'],
    );
    const rest = await logs.send(
      new GetLogEventsCommand({ logGroupName, logStreamName: 'a', nextToken: head.nextForwardToken }),
    );
    assert.deepEqual(
      rest.events!.map((e) => e.message),
      ['{"level":"error","code":550}'],
    );
    // At the end, the same token comes back: how clients know to stop.
    const end = await logs.send(
      new GetLogEventsCommand({ logGroupName, logStreamName: 'a', nextToken: rest.nextForwardToken }),
    );
    assert.deepEqual(end.events, []);
    assert.equal(end.nextForwardToken, rest.nextForwardToken);
    // Without a token: the newest events.
    const newest = await logs.send(new GetLogEventsCommand({ logGroupName, logStreamName: 'a', limit: 1 }));
    assert.deepEqual(
      newest.events!.map((e) => e.message),
      ['{"level":"error","code":550}'],
    );

    const filter = async (filterPattern?: string, more: object = {}) =>
      (await logs.send(new FilterLogEventsCommand({ logGroupName, filterPattern, ...more }))).events!.map((e) => [
        e.logStreamName,
        e.message,
      ]);
    assert.deepEqual(await filter('ERROR'), [
      ['a', 'ERROR timeout talking to smtp'],
      ['b', 'ERROR refused by relay'],
    ]);
    assert.deepEqual(await filter('"refused by"'), [['b', 'ERROR refused by relay']]);
    assert.deepEqual(await filter('ERROR -relay'), [['a', 'ERROR timeout talking to smtp']]);
    assert.deepEqual(await filter('{ $.code = 550 }'), [['a', '{"level":"error","code":550}']]);
    assert.deepEqual(await filter(undefined, { logStreamNames: ['b'] }), [['b', 'ERROR refused by relay']]);
    const paged = await logs.send(new FilterLogEventsCommand({ logGroupName, limit: 3 }));
    assert.equal(paged.events!.length, 3);
    const next = await logs.send(new FilterLogEventsCommand({ logGroupName, limit: 3, nextToken: paged.nextToken }));
    assert.deepEqual(
      next.events!.map((e) => e.message),
      ['{"level":"error","code":550}'],
    );
    await rejectsWith(
      logs.send(new FilterLogEventsCommand({ logGroupName: 'missing' })),
      'ResourceNotFoundException',
      'The specified log group does not exist.',
    );
  });
});

eachBackend('user pool log delivery, feature plans, signing certificate, replicas, provisioned limits', (backend) => {
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  let logs: CloudWatchLogsClient;
  let sink: Awaited<ReturnType<typeof smtpSink>>;
  before(async () => {
    sink = await smtpSink(0, { refuse: { addresses: ['gone@example.com'], code: 550 } });
    s = await startServer({ backend, flags: { 'smtp-url': `smtp://127.0.0.1:${sink.port}` } });
    c = s.cognito();
    logs = s.client(CloudWatchLogsClient);
  });
  after(async () => {
    await s.stop();
    await sink.close();
  });

  const newPool = async (input: Partial<ConstructorParameters<typeof CreateUserPoolCommand>[0]> = {}) =>
    (await c.send(new CreateUserPoolCommand({ PoolName: 'p', AutoVerifiedAttributes: ['email'], ...input }))).UserPool!
      .Id!;

  test("a failed message's reason lands in the pool's userNotification log group", async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: '/cognito/notifications' }));
    const UserPoolId = await newPool();
    const config = {
      LogLevel: 'ERROR' as const,
      EventSource: 'userNotification' as const,
      CloudWatchLogsConfiguration: { LogGroupArn: groupArn('/cognito/notifications') },
    };
    const set = await c.send(new SetLogDeliveryConfigurationCommand({ UserPoolId, LogConfigurations: [config] }));
    assert.deepEqual(set.LogDeliveryConfiguration, { UserPoolId, LogConfigurations: [config] });
    assert.deepEqual((await c.send(new GetLogDeliveryConfigurationCommand({ UserPoolId }))).LogDeliveryConfiguration, {
      UserPoolId,
      LogConfigurations: [config],
    });
    const ClientId = (await c.send(new CreateUserPoolClientCommand({ UserPoolId, ClientName: 'web' }))).UserPoolClient!
      .ClientId!;
    await c.send(
      new SignUpCommand({
        ClientId,
        Username: 'gone',
        Password: 'Passw0rd!',
        UserAttributes: [{ Name: 'email', Value: 'gone@example.com' }],
      }),
    );
    const events = await until('the failure in the log group', async () => {
      const found = await logs.send(
        new FilterLogEventsCommand({ logGroupName: '/cognito/notifications', filterPattern: '"delivery failed"' }),
      );
      return found.events!.length ? found.events! : undefined;
    });
    assert.equal(events.length, 1);
    assert.equal(events[0].logStreamName, `userNotification/${UserPoolId}`);
    const event = JSON.parse(events[0].message!);
    assert.equal(event.logLevel, 'ERROR');
    assert.equal(event.userPoolId, UserPoolId);
    assert.match(event.message.details, /^Email delivery failed: SMTP 550: .*gone@example\.com refused/);
    assert.doesNotMatch(events[0].message!, /gone@example\.com"/, 'no destination field');

    // An empty list removes the configuration; Get then answers without LogConfigurations.
    await c.send(new SetLogDeliveryConfigurationCommand({ UserPoolId, LogConfigurations: [] }));
    assert.deepEqual((await c.send(new GetLogDeliveryConfigurationCommand({ UserPoolId }))).LogDeliveryConfiguration, {
      UserPoolId,
    });
  });

  test('log delivery refusals: level, destination, plan, unknown group, unknown pool', async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'auth-events' }));
    const UserPoolId = await newPool();
    const set = (LogConfigurations: object[]) =>
      c.send(new SetLogDeliveryConfigurationCommand({ UserPoolId, LogConfigurations: LogConfigurations as never }));
    const cw = { CloudWatchLogsConfiguration: { LogGroupArn: groupArn('auth-events') } };
    await rejectsWith(set([{ LogLevel: 'INFO', EventSource: 'userNotification', ...cw }]), 'InvalidParameterException');
    await rejectsWith(
      set([
        {
          LogLevel: 'ERROR',
          EventSource: 'userNotification',
          S3Configuration: { BucketArn: 'arn:aws:s3:::logs-bucket' },
        },
      ]),
      'InvalidParameterException',
    );
    await rejectsWith(
      set([
        {
          LogLevel: 'ERROR',
          EventSource: 'userNotification',
          CloudWatchLogsConfiguration: { LogGroupArn: groupArn('nope') },
        },
      ]),
      'InvalidParameterException',
    );
    await rejectsWith(
      set([{ LogLevel: 'INFO', EventSource: 'userAuthEvents', ...cw }]),
      'FeatureUnavailableInTierException',
      /^The following features need to be disabled for the ESSENTIALS pricing tier configured: /,
    );
    await rejectsWith(
      c.send(new SetLogDeliveryConfigurationCommand({ UserPoolId: 'us-east-1_nope', LogConfigurations: [] })),
      'ResourceNotFoundException',
      'User pool us-east-1_nope does not exist.',
    );
    // On Plus, user activity goes to CloudWatch Logs, S3 or Firehose (stored; only CloudWatch Logs is written).
    await c.send(new UpdateUserPoolCommand({ UserPoolId, UserPoolTier: 'PLUS', AutoVerifiedAttributes: ['email'] }));
    const firehose = {
      LogLevel: 'INFO' as const,
      EventSource: 'userAuthEvents' as const,
      FirehoseConfiguration: { StreamArn: `arn:aws:firehose:us-east-1:${ACCOUNT}:deliverystream/auth` },
    };
    await set([firehose]);
    assert.deepEqual(
      (await c.send(new GetLogDeliveryConfigurationCommand({ UserPoolId }))).LogDeliveryConfiguration!
        .LogConfigurations,
      [firehose],
    );
    // The plan cannot drop below Plus while user activity is exported.
    await rejectsWith(
      c.send(new UpdateUserPoolCommand({ UserPoolId, UserPoolTier: 'ESSENTIALS', AutoVerifiedAttributes: ['email'] })),
      'FeatureUnavailableInTierException',
    );
  });

  test('feature plans: features above the plan are refused with AWS text', async () => {
    await rejectsWith(
      newPool({ UserPoolTier: 'ESSENTIALS', UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' } }),
      'FeatureUnavailableInTierException',
      'The following features need to be disabled for the ESSENTIALS pricing tier configured: Threat Protection',
    );
    await rejectsWith(
      newPool({
        UserPoolTier: 'LITE',
        Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } },
      }),
      'FeatureUnavailableInTierException',
      'The following features need to be disabled for the LITE pricing tier configured: Passwordless Sign-In',
    );
    const plus = await newPool({ UserPoolTier: 'PLUS', UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' } });
    await rejectsWith(
      c.send(
        new UpdateUserPoolCommand({
          UserPoolId: plus,
          UserPoolTier: 'ESSENTIALS',
          UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' },
          AutoVerifiedAttributes: ['email'],
        }),
      ),
      'FeatureUnavailableInTierException',
      'The following features need to be disabled for the ESSENTIALS pricing tier configured: Threat Protection',
    );
    const lite = await newPool({ UserPoolTier: 'LITE' });
    await rejectsWith(
      c.send(
        new SetUserPoolMfaConfigCommand({ UserPoolId: lite, EmailMfaConfiguration: {}, MfaConfiguration: 'OPTIONAL' }),
      ),
      'FeatureUnavailableInTierException',
      /^The following features need to be disabled for the LITE pricing tier configured: /,
    );
  });

  test('GetSigningCertificate: one RSA certificate per pool, valid for 10 years', async () => {
    const UserPoolId = await newPool();
    const first = (await c.send(new GetSigningCertificateCommand({ UserPoolId }))).Certificate!;
    assert.match(first, /^[A-Za-z0-9+/]+=*$/, 'base64 DER, no PEM armour');
    const cert = new X509Certificate(Buffer.from(first, 'base64'));
    assert.equal(cert.subject, `CN=${UserPoolId}`);
    assert.equal(cert.publicKey.asymmetricKeyType, 'rsa');
    assert.ok(cert.verify(cert.publicKey), 'self-signed');
    const years = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / (365.25 * 86_400_000);
    assert.ok(years > 9.9 && years < 10.1, `valid for ${years} years`);
    assert.equal((await c.send(new GetSigningCertificateCommand({ UserPoolId }))).Certificate, first);
    await rejectsWith(
      c.send(new GetSigningCertificateCommand({ UserPoolId: 'us-east-1_nope' })),
      'ResourceNotFoundException',
      'User pool us-east-1_nope does not exist.',
    );
  });

  test('replicas: created, listed after the primary, deactivated, deleted', async () => {
    const UserPoolId = await newPool();
    const created = await c.send(new CreateUserPoolReplicaCommand({ UserPoolId, RegionName: 'eu-west-1' }));
    assert.deepEqual(created.UserPoolReplica, {
      RegionName: 'eu-west-1',
      Status: 'CREATING',
      Role: 'SECONDARY',
      UserPoolArn: `arn:aws:cognito-idp:eu-west-1:${ACCOUNT}:userpool/${UserPoolId}`,
    });
    await c.send(new CreateUserPoolReplicaCommand({ UserPoolId, RegionName: 'ap-south-1' }));
    await rejectsWith(
      c.send(new CreateUserPoolReplicaCommand({ UserPoolId, RegionName: 'eu-west-1' })),
      'InvalidParameterException',
    );
    await rejectsWith(
      c.send(new CreateUserPoolReplicaCommand({ UserPoolId, RegionName: 'us-east-1' })),
      'InvalidParameterException',
    );
    const listed = (await c.send(new ListUserPoolReplicasCommand({ UserPoolId }))).UserPoolReplicas!;
    assert.deepEqual(
      listed.map((r) => [r.RegionName, r.Role, r.Status]),
      [
        ['us-east-1', 'PRIMARY', 'ACTIVE'],
        ['ap-south-1', 'SECONDARY', 'ACTIVE'],
        ['eu-west-1', 'SECONDARY', 'ACTIVE'],
      ],
    );
    await rejectsWith(
      c.send(new DeleteUserPoolReplicaCommand({ UserPoolId, RegionName: 'eu-west-1' })),
      'InvalidParameterException',
    );
    const off = await c.send(
      new UpdateUserPoolReplicaCommand({ UserPoolId, RegionName: 'eu-west-1', Status: 'INACTIVE' }),
    );
    assert.equal(off.UserPoolReplica!.Status, 'INACTIVE');
    const gone = await c.send(new DeleteUserPoolReplicaCommand({ UserPoolId, RegionName: 'eu-west-1' }));
    assert.equal(gone.UserPoolReplica!.Status, 'DELETING');
    await rejectsWith(
      c.send(new UpdateUserPoolReplicaCommand({ UserPoolId, RegionName: 'eu-west-1', Status: 'ACTIVE' })),
      'ResourceNotFoundException',
    );
    assert.deepEqual(
      (await c.send(new ListUserPoolReplicasCommand({ UserPoolId }))).UserPoolReplicas!.map((r) => r.RegionName),
      ['us-east-1', 'ap-south-1'],
    );
    // Deleting the pool deletes its replicas, log configuration and certificate with it.
    await c.send(new GetSigningCertificateCommand({ UserPoolId }));
    await c.send(new DeleteUserPoolCommand({ UserPoolId }));
    for (const table of [
      'user_pool_replicas',
      'user_pool_saml_certificates',
      'user_pool_log_configurations',
    ] as const) {
      const rows = await s.running.store.db
        .selectFrom(table)
        .select('pool_id')
        .where('pool_id', '=', UserPoolId)
        .execute();
      assert.deepEqual(rows, [], table);
    }
  });

  test('provisioned limits: the free rate until raised, within the adjustable range', async () => {
    const def = { LimitClass: 'API_CATEGORY' as const, Attributes: { Category: 'UserAuthentication' } };
    assert.deepEqual((await c.send(new GetProvisionedLimitCommand({ LimitDefinition: def }))).Limit, {
      LimitDefinition: def,
      ProvisionedLimitValue: 120,
      FreeLimitValue: 120,
    });
    const raised = await c.send(new UpdateProvisionedLimitCommand({ LimitDefinition: def, RequestedLimitValue: 300 }));
    assert.equal(raised.Limit!.ProvisionedLimitValue, 300);
    assert.equal(
      (await c.send(new GetProvisionedLimitCommand({ LimitDefinition: def }))).Limit!.ProvisionedLimitValue,
      300,
    );
    await rejectsWith(
      c.send(new UpdateProvisionedLimitCommand({ LimitDefinition: def, RequestedLimitValue: 100 })),
      'InvalidParameterException',
    );
    await rejectsWith(
      c.send(new UpdateProvisionedLimitCommand({ LimitDefinition: def, RequestedLimitValue: 100_000 })),
      'ServiceQuotaExceededException',
    );
    await rejectsWith(
      c.send(
        new UpdateProvisionedLimitCommand({
          LimitDefinition: { LimitClass: 'API_CATEGORY', Attributes: { Category: 'UserAccountRecovery' } },
          RequestedLimitValue: 60,
        }),
      ),
      'InvalidParameterException',
    );
    await rejectsWith(
      c.send(
        new GetProvisionedLimitCommand({
          LimitDefinition: { LimitClass: 'API_CATEGORY', Attributes: { Category: 'Nope' } },
        }),
      ),
      'InvalidParameterException',
    );
  });
});
