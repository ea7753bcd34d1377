// Threat protection through the AWS SDK: the feature plan it needs, risk configurations of a pool
// and of a client, the auth events a pool with it on records (and a pool without it does not),
// feedback on them, the always-block IP ranges of ENFORCED mode, their export to a CloudWatch Logs
// group (log delivery, userAuthEvents); and the legacy SetUserSettings.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminListUserAuthEventsCommand,
  AdminSetUserPasswordCommand,
  AdminSetUserSettingsCommand,
  AdminUpdateAuthEventFeedbackCommand,
  ChangePasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteUserPoolCommand,
  DescribeRiskConfigurationCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetLogDeliveryConfigurationCommand,
  SetRiskConfigurationCommand,
  SetUserSettingsCommand,
  UpdateAuthEventFeedbackCommand,
  UpdateUserPoolCommand,
  type CognitoIdentityProviderClient,
  type CreateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { CloudWatchLogsClient, CreateLogGroupCommand, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { eachBackend, startServer, rejectsWith, type TestServer } from './support/server.js';
import { until } from './support/smtp.js';

const SMS = { SnsCallerArn: 'arn:aws:iam::000000000000:role/cognito-sms', ExternalId: 'cognate' };
const PASSWORD = 'Passw0rd!';

eachBackend('threat protection and auth events', (backend) => {
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  before(async () => {
    // SMS MFA codes go straight to the capture transport: this test is about the events, not SNS.
    s = await startServer({ backend, flags: { 'cognito-sms': 'direct' } });
    c = s.cognito();
  });
  after(() => s.stop());

  const poolWith = async (input: Omit<CreateUserPoolCommandInput, 'PoolName'>) => {
    const poolId = (await c.send(new CreateUserPoolCommand({ PoolName: 'risk', ...input }))).UserPool!.Id!;
    const clientId = (
      await c.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'app',
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        }),
      )
    ).UserPoolClient!.ClientId!;
    return { poolId, clientId };
  };
  const plus = (mode: 'AUDIT' | 'ENFORCED', more: Omit<CreateUserPoolCommandInput, 'PoolName'> = {}) =>
    poolWith({ UserPoolTier: 'PLUS', UserPoolAddOns: { AdvancedSecurityMode: mode }, ...more });
  const user = async (poolId: string, Username: string, attrs: Record<string, string> = {}) => {
    await c.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username,
        MessageAction: 'SUPPRESS',
        UserAttributes: Object.entries(attrs).map(([Name, Value]) => ({ Name, Value })),
      }),
    );
    await c.send(
      new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username, Password: PASSWORD, Permanent: true }),
    );
  };
  const events = async (UserPoolId: string, Username: string) =>
    (await c.send(new AdminListUserAuthEventsCommand({ UserPoolId, Username }))).AuthEvents!;

  test('threat protection needs the Plus plan: CreateUserPool and UpdateUserPool refuse it on another', async () => {
    await rejectsWith(
      c.send(new CreateUserPoolCommand({ PoolName: 'p', UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' } })),
      'FeatureUnavailableInTierException',
      /Threat Protection$/,
    );
    const { poolId } = await poolWith({ UserPoolTier: 'LITE' });
    await rejectsWith(
      c.send(new UpdateUserPoolCommand({ UserPoolId: poolId, UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' } })),
      'FeatureUnavailableInTierException',
    );
    // OFF is no feature: any plan takes it.
    await c.send(new UpdateUserPoolCommand({ UserPoolId: poolId, UserPoolAddOns: { AdvancedSecurityMode: 'OFF' } }));
    await c.send(
      new UpdateUserPoolCommand({
        UserPoolId: poolId,
        UserPoolTier: 'PLUS',
        UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' },
      }),
    );
  });

  test('risk configurations of the pool and of a client: stored, shown, defaults filled in, reset, refused', async () => {
    const { poolId, clientId } = await poolWith({});
    // Nothing set: the ids only. A pool without threatprotection takes a configuration (it acts once the mode is on).
    assert.deepEqual((await c.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId }))).RiskConfiguration, {
      UserPoolId: poolId,
    });
    const set = await c.send(
      new SetRiskConfigurationCommand({
        UserPoolId: poolId,
        CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'BLOCK' } },
        AccountTakeoverRiskConfiguration: {
          Actions: { HighAction: { EventAction: 'BLOCK', Notify: false } },
        },
        RiskExceptionConfiguration: { BlockedIPRangeList: ['10.10.10.10/32'], SkippedIPRangeList: ['2001:db8::/32'] },
      }),
    );
    const pool = set.RiskConfiguration!;
    assert.deepEqual(pool.CompromisedCredentialsRiskConfiguration, {
      Actions: { EventAction: 'BLOCK' },
      EventFilter: ['SIGN_IN', 'PASSWORD_CHANGE', 'SIGN_UP'],
    });
    assert.ok(pool.LastModifiedDate instanceof Date);
    const described = (await c.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId }))).RiskConfiguration!;
    assert.deepEqual(described, pool);

    // A client's own configuration, apart from the pool's.
    await c.send(
      new SetRiskConfigurationCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        RiskExceptionConfiguration: { BlockedIPRangeList: ['192.0.2.0/24'] },
      }),
    );
    const client = (await c.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId, ClientId: clientId })))
      .RiskConfiguration!;
    assert.equal(client.ClientId, clientId);
    assert.deepEqual(client.RiskExceptionConfiguration, { BlockedIPRangeList: ['192.0.2.0/24'] });
    assert.equal(client.CompromisedCredentialsRiskConfiguration, undefined);

    // Only the ids: back to defaults.
    await c.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, ClientId: clientId }));
    assert.deepEqual(
      (await c.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId, ClientId: clientId })))
        .RiskConfiguration,
      { UserPoolId: poolId, ClientId: clientId },
    );
    assert.ok(
      (await c.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId }))).RiskConfiguration!.LastModifiedDate,
    );

    await rejectsWith(
      c.send(
        new SetRiskConfigurationCommand({
          UserPoolId: poolId,
          RiskExceptionConfiguration: { BlockedIPRangeList: ['10.0.0.0/33'] },
        }),
      ),
      'InvalidParameterException',
    );
    await rejectsWith(
      c.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId, ClientId: 'nosuchclient' })),
      'ResourceNotFoundException',
    );
    // The notification sender must be an SES identity of the account, verified.
    await rejectsWith(
      c.send(
        new SetRiskConfigurationCommand({
          UserPoolId: poolId,
          AccountTakeoverRiskConfiguration: {
            Actions: { LowAction: { EventAction: 'NO_ACTION', Notify: true } },
            NotifyConfiguration: { SourceArn: 'arn:aws:ses:us-east-1:000000000000:identity/nobody@example.com' },
          },
        }),
      ),
      'InvalidParameterException',
      /Email address is not verified/,
    );
  });

  test('a pool without threat protection records nothing, and the event operations say so', async () => {
    const { poolId, clientId } = await poolWith({});
    await user(poolId, 'olly');
    await c.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'olly', PASSWORD },
      }),
    );
    await rejectsWith(
      c.send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: 'olly' })),
      'UserPoolAddOnNotEnabledException',
    );
    await rejectsWith(
      c.send(
        new AdminUpdateAuthEventFeedbackCommand({
          UserPoolId: poolId,
          Username: 'olly',
          EventId: 'e1',
          FeedbackValue: 'Valid',
        }),
      ),
      'UserPoolAddOnNotEnabledException',
    );
  });

  test('sign-ins are recorded with their challenges, context and outcome; newest first, paged; feedback shows', async () => {
    const { poolId, clientId } = await plus('AUDIT');
    await user(poolId, 'ada');
    const ContextData = {
      IpAddress: '203.0.113.7',
      ServerName: 'app.example.com',
      ServerPath: '/login',
      HttpHeaders: [{ headerName: 'User-Agent', headerValue: 'Mozilla/5.0 (X11; Linux x86_64)' }],
    };
    await c.send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'ada', PASSWORD },
        ContextData,
      }),
    );
    await rejectsWith(
      c.send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'ada', PASSWORD: 'wrong-Passw0rd!' },
          UserContextData: { IpAddress: '198.51.100.1' },
        }),
      ),
      'NotAuthorizedException',
      'Incorrect username or password.',
    );
    const [failed, passed] = await events(poolId, 'ada');
    assert.equal(passed.EventType, 'SignIn');
    assert.equal(passed.EventResponse, 'Pass');
    assert.deepEqual(passed.EventRisk, { RiskDecision: 'NoRisk', CompromisedCredentialsDetected: false });
    assert.deepEqual(passed.ChallengeResponses, [{ ChallengeName: 'Password', ChallengeResponse: 'Success' }]);
    assert.deepEqual(passed.EventContextData, {
      IpAddress: '203.0.113.7',
      DeviceName: 'Mozilla/5.0 (X11; Linux x86_64)',
    });
    assert.ok(passed.CreationDate instanceof Date);
    assert.match(passed.EventId!, /^[\w-]+$/);
    assert.equal(failed.EventResponse, 'Fail');
    assert.deepEqual(failed.ChallengeResponses, [{ ChallengeName: 'Password', ChallengeResponse: 'Failure' }]);
    assert.deepEqual(failed.EventContextData, { IpAddress: '198.51.100.1' });

    // A password change, through the user's own access token.
    const tokens = await c.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'ada', PASSWORD },
      }),
    );
    await c.send(
      new ChangePasswordCommand({
        AccessToken: tokens.AuthenticationResult!.AccessToken,
        PreviousPassword: PASSWORD,
        ProposedPassword: 'N3w-Passw0rd!',
      }),
    );
    const all = await events(poolId, 'ada');
    assert.deepEqual(
      all.map((e) => [e.EventType, e.EventResponse]),
      [
        ['PasswordChange', 'Pass'],
        ['SignIn', 'Pass'],
        ['SignIn', 'Fail'],
        ['SignIn', 'Pass'],
      ],
    );

    // Pages of one, newest first, then none left.
    const first = await c.send(
      new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: 'ada', MaxResults: 1 }),
    );
    assert.equal(first.AuthEvents!.length, 1);
    assert.equal(first.AuthEvents![0].EventId, all[0].EventId);
    const second = await c.send(
      new AdminListUserAuthEventsCommand({
        UserPoolId: poolId,
        Username: 'ada',
        MaxResults: 3,
        NextToken: first.NextToken,
      }),
    );
    assert.deepEqual(
      second.AuthEvents!.map((e) => e.EventId),
      all.slice(1).map((e) => e.EventId),
    );
    assert.equal(second.NextToken, undefined);
    await rejectsWith(
      c.send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: 'ada', NextToken: 'bm90IG91cnM=' })),
      'InvalidParameterException',
    );

    // Feedback from an administrator shows on the event.
    await c.send(
      new AdminUpdateAuthEventFeedbackCommand({
        UserPoolId: poolId,
        Username: 'ada',
        EventId: failed.EventId!,
        FeedbackValue: 'Invalid',
      }),
    );
    const withFeedback = (await events(poolId, 'ada')).find((e) => e.EventId === failed.EventId)!;
    assert.equal(withFeedback.EventFeedback?.FeedbackValue, 'Invalid');
    assert.equal(withFeedback.EventFeedback?.Provider, 'Admin');
    assert.ok(withFeedback.EventFeedback?.FeedbackDate instanceof Date);
    await rejectsWith(
      c.send(
        new AdminUpdateAuthEventFeedbackCommand({
          UserPoolId: poolId,
          Username: 'ada',
          EventId: 'nosuchevent',
          FeedbackValue: 'Valid',
        }),
      ),
      'ResourceNotFoundException',
    );
    await rejectsWith(
      c.send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: 'nobody' })),
      'UserNotFoundException',
      'User does not exist.',
    );
    // A user's feedback needs the token of a notification; one made up is refused.
    await rejectsWith(
      c.send(
        new UpdateAuthEventFeedbackCommand({
          UserPoolId: poolId,
          Username: 'ada',
          EventId: failed.EventId!,
          FeedbackToken: 'made-up-token',
          FeedbackValue: 'Valid',
        }),
      ),
      'NotAuthorizedException',
    );
    // Deleting the pool deletes its events (a new pool's user of the same name starts with none).
    await c.send(new DeleteUserPoolCommand({ UserPoolId: poolId }));
  });

  test('an MFA sign-in is one event: InProgress after the password, Pass with Mfa Success after the code', async () => {
    const { poolId, clientId } = await plus('AUDIT', { MfaConfiguration: 'OPTIONAL', SmsConfiguration: SMS });
    await user(poolId, 'sam', { phone_number: '+15555550177' });
    // The legacy SetUserSettings turns SMS MFA on.
    await c.send(
      new AdminSetUserSettingsCommand({
        UserPoolId: poolId,
        Username: 'sam',
        MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }],
      }),
    );
    const first = await c.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'sam', PASSWORD },
      }),
    );
    assert.equal(first.ChallengeName, 'SMS_MFA');
    const [open] = await events(poolId, 'sam');
    assert.equal(open.EventResponse, 'InProgress');
    const text = await until('an SMS', async () => {
      const body = (await (await fetch(`${s.url}/_aws/sns/sms-messages?phoneNumber=%2B15555550177`)).json()) as {
        sms_messages: Record<string, { Message: string }[]>;
      };
      return body.sms_messages['+15555550177']?.at(-1)?.Message;
    });
    await c.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'SMS_MFA',
        Session: first.Session,
        ChallengeResponses: { USERNAME: 'sam', SMS_MFA_CODE: /\b(\d{6})\b/.exec(text)![1] },
      }),
    );
    const [done] = await events(poolId, 'sam');
    assert.equal(done.EventId, open.EventId);
    assert.equal(done.EventResponse, 'Pass');
    assert.deepEqual(done.ChallengeResponses, [
      { ChallengeName: 'Password', ChallengeResponse: 'Success' },
      { ChallengeName: 'Mfa', ChallengeResponse: 'Success' },
    ]);
  });

  test('ENFORCED: an always-block range stops the sign-in, recorded as Block; AUDIT only records', async () => {
    const { poolId, clientId } = await plus('ENFORCED');
    await user(poolId, 'bo');
    await c.send(
      new SetRiskConfigurationCommand({
        UserPoolId: poolId,
        RiskExceptionConfiguration: { BlockedIPRangeList: ['198.51.100.0/24'] },
      }),
    );
    const signIn = (IpAddress: string) =>
      c.send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'bo', PASSWORD },
          UserContextData: { IpAddress },
        }),
      );
    await rejectsWith(
      signIn('198.51.100.20'),
      'NotAuthorizedException',
      'Request not allowed due to security reasons.',
    );
    assert.ok((await signIn('203.0.113.20')).AuthenticationResult);
    const [ok, blocked] = await events(poolId, 'bo');
    assert.equal(ok.EventResponse, 'Pass');
    assert.equal(blocked.EventResponse, 'Fail');
    assert.equal(blocked.EventRisk?.RiskDecision, 'Block');

    // A client's own configuration replaces the pool's for its sign-ins.
    await c.send(
      new SetRiskConfigurationCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        RiskExceptionConfiguration: { SkippedIPRangeList: ['10.0.0.0/8'] },
      }),
    );
    assert.ok((await signIn('198.51.100.20')).AuthenticationResult);

    await c.send(
      new UpdateUserPoolCommand({
        UserPoolId: poolId,
        UserPoolTier: 'PLUS',
        UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' },
      }),
    );
    await c.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, ClientId: clientId }));
    assert.ok((await signIn('198.51.100.20')).AuthenticationResult);
  });

  test('userAuthEvents log delivery: each recorded event is exported to the log group, as AWS documents it', async () => {
    const logs = s.client(CloudWatchLogsClient);
    const logGroupName = '/cognito/user-activity';
    await logs.send(new CreateLogGroupCommand({ logGroupName }));
    const { poolId, clientId } = await plus('AUDIT');
    await user(poolId, 'lee');
    await c.send(
      new SetLogDeliveryConfigurationCommand({
        UserPoolId: poolId,
        LogConfigurations: [
          {
            EventSource: 'userAuthEvents',
            LogLevel: 'INFO',
            CloudWatchLogsConfiguration: {
              LogGroupArn: `arn:aws:logs:us-east-1:000000000000:log-group:${logGroupName}`,
            },
          },
        ],
      }),
    );
    const signIn = (password: string) =>
      c.send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'lee', PASSWORD: password },
          UserContextData: { IpAddress: '192.0.2.7' },
        }),
      );
    const ok = await signIn(PASSWORD);
    assert.ok(ok.AuthenticationResult);
    const refused = await rejectsWith(
      signIn('Wr0ng-password!'),
      'NotAuthorizedException',
      'Incorrect username or password.',
    );

    const exported = async () =>
      (await logs.send(new FilterLogEventsCommand({ logGroupName, filterPattern: '{ $.message.userName = "lee" }' })))
        .events!;
    const found = await exported();
    assert.deepEqual(
      found.map((e) => e.logStreamName),
      [`userAuthEvents/${poolId}`, `userAuthEvents/${poolId}`],
    );
    const [right, wrong] = found.map((e) => JSON.parse(e.message!));
    const [failed, passed] = await events(poolId, 'lee');
    const sub = (await c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'lee' }))).UserAttributes!.find(
      (a) => a.Name === 'sub',
    )!.Value;
    assert.deepEqual(right, {
      eventTimestamp: String(found[0].timestamp),
      eventSource: 'USER_ACTIVITY',
      logLevel: 'INFO',
      message: {
        version: '1',
        eventId: passed.EventId,
        eventType: 'SignIn',
        userSub: sub,
        userName: 'lee',
        userPoolId: poolId,
        clientId,
        creationDate: right.message.creationDate,
        eventResponse: 'Pass',
        riskLevel: '',
        riskDecision: 'PASS',
        challenges: [{ challengeName: 'Password', challengeResponse: 'Success' }],
        deviceName: '',
        ipAddress: '192.0.2.7',
        // the id of the request that recorded it (x-amzn-RequestId)
        requestId: ok.$metadata.requestId,
        idpName: '',
        compromisedCredentialDetected: 'false',
        city: '',
        country: '',
        eventFeedbackValue: '',
        eventFeedbackDate: '',
        eventFeedbackProvider: '',
        hasContextData: 'true',
      },
      logSourceId: { userPoolId: poolId },
    });
    // creationDate as AWS's example writes it: "Wed Jul 17 17:25:55 UTC 2024".
    assert.match(right.message.creationDate, /^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4}$/);
    assert.equal(
      Date.parse(right.message.creationDate.replace(/^\w+ (\w+) (\d+) ([\d:]+) UTC (\d+)$/, '$1 $2 $4 $3 UTC')),
      Math.floor(passed.CreationDate!.getTime() / 1000) * 1000,
    );
    assert.equal(wrong.message.eventId, failed.EventId);
    assert.equal(wrong.message.eventResponse, 'Fail');
    assert.equal(wrong.message.requestId, (refused.$metadata as { requestId?: string }).requestId);
    assert.ok(wrong.message.requestId);
    assert.deepEqual(wrong.message.challenges, [{ challengeName: 'Password', challengeResponse: 'Failure' }]);

    // Without the configuration, events are still recorded but no longer exported.
    await c.send(new SetLogDeliveryConfigurationCommand({ UserPoolId: poolId, LogConfigurations: [] }));
    assert.ok((await signIn(PASSWORD)).AuthenticationResult);
    assert.equal((await events(poolId, 'lee')).length, 3);
    assert.equal((await exported()).length, 2);
  });

  test('SetUserSettings and AdminSetUserSettings set SMS MFA only', async () => {
    const { poolId, clientId } = await poolWith({ MfaConfiguration: 'OPTIONAL', SmsConfiguration: SMS });
    await user(poolId, 'liv', { phone_number: '+15555550178' });
    await user(poolId, 'nophone');
    const tokens = await c.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'liv', PASSWORD },
      }),
    );
    await c.send(
      new SetUserSettingsCommand({
        AccessToken: tokens.AuthenticationResult!.AccessToken,
        MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }],
      }),
    );
    const on = await c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'liv' }));
    assert.deepEqual(on.MFAOptions, [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }]);
    assert.deepEqual(on.UserMFASettingList, ['SMS_MFA']);
    await c.send(new AdminSetUserSettingsCommand({ UserPoolId: poolId, Username: 'liv', MFAOptions: [] }));
    const off = await c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'liv' }));
    assert.equal(off.MFAOptions, undefined);
    await rejectsWith(
      c.send(
        new AdminSetUserSettingsCommand({
          UserPoolId: poolId,
          Username: 'liv',
          MFAOptions: [{ DeliveryMedium: 'EMAIL', AttributeName: 'email' }],
        }),
      ),
      'InvalidParameterException',
    );
    await rejectsWith(
      c.send(
        new AdminSetUserSettingsCommand({
          UserPoolId: poolId,
          Username: 'nophone',
          MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }],
        }),
      ),
      'InvalidParameterException',
      'User does not have delivery config set to turn on SMS_MFA',
    );
    await rejectsWith(
      c.send(new AdminSetUserSettingsCommand({ UserPoolId: poolId, Username: 'nobody', MFAOptions: [] })),
      'UserNotFoundException',
    );
  });
});
