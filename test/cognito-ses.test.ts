// A user pool that sends its own email (EmailSendingAccount DEVELOPER) through an SES identity:
// every check AWS makes when the pool is configured and when it sends, with AWS's errors.
import { before, after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateUserPoolCommand,
  UpdateUserPoolCommand,
  CreateUserPoolClientCommand,
  SignUpCommand,
  AdminCreateUserCommand,
  DescribeUserPoolCommand,
  AdminGetUserCommand,
  type CognitoIdentityProviderClient,
  type EmailConfigurationType,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  SESv2Client,
  GetAccountCommand,
  PutAccountDetailsCommand,
  DeleteEmailIdentityCommand,
} from '@aws-sdk/client-sesv2';
import { eachBackend, rejectsWith, startServer, type TestServer } from './support/server.js';
import { verifiedIdentity, waitForMail } from './support/ses.js';

const ACCOUNT = '123456789012';
const arn = (identity: string, region = 'us-east-1', account = ACCOUNT) =>
  `arn:aws:ses:${region}:${account}:identity/${identity}`;
const PREFIX = 'Cognito received the following error from Amazon SES when attempting to send email: ';

eachBackend('Cognito with DEVELOPER email', (backend) => {
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  const clock = {
    t: Date.now(),
    now: () => clock.t,
    advance(ms: number) {
      clock.t += ms;
    },
  };
  before(async () => {
    s = await startServer({ backend, now: clock.now });
    c = s.cognito({ accessKeyId: ACCOUNT });
    await verifiedIdentity(s, 'noreply@example.com', { accessKeyId: ACCOUNT });
    await verifiedIdentity(s, 'example.org', { accessKeyId: ACCOUNT });
  });
  after(() => s.stop());

  const create = (EmailConfiguration: EmailConfigurationType, client = c) =>
    client.send(new CreateUserPoolCommand({ PoolName: 'dev', AutoVerifiedAttributes: ['email'], EmailConfiguration }));
  const dev = (identity: string, extra: Partial<EmailConfigurationType> = {}): EmailConfigurationType => ({
    EmailSendingAccount: 'DEVELOPER',
    SourceArn: arn(identity),
    ...extra,
  });

  describe('CreateUserPool and UpdateUserPool check the identity', () => {
    test('an identity of another account, or an ARN without the identity, is NotAuthorizedException', async () => {
      await rejectsWith(
        create({
          EmailSendingAccount: 'DEVELOPER',
          SourceArn: arn('noreply@example.com', 'us-east-1', '999999999999'),
        }),
        'NotAuthorizedException',
        'Email arn does not belong to your account.',
      );
      await rejectsWith(
        create({ EmailSendingAccount: 'DEVELOPER', SourceArn: `arn:aws:ses:us-east-1:${ACCOUNT}:identity/` }),
        'NotAuthorizedException',
        'Email arn does not belong to your account.',
      );
    });

    test('an identity that does not exist or is not verified: the SES error, Region upper-cased, the ARN listed', async () => {
      await rejectsWith(
        create(dev('nobody@example.com')),
        'InvalidParameterException',
        `${PREFIX}Email address is not verified. The following identities failed the check in region US-EAST-1: ${arn('nobody@example.com')}`,
      );
      // verified in another Region is not verified here
      await verifiedIdentity(s, 'west@example.com', { accessKeyId: ACCOUNT, region: 'us-west-2' });
      await rejectsWith(
        create(dev('west@example.com')),
        'InvalidParameterException',
        `${PREFIX}Email address is not verified. The following identities failed the check in region US-EAST-1: ${arn('west@example.com')}`,
      );
    });

    test('the ARN is matched literally: an address under a verified domain is not the domain', async () => {
      await rejectsWith(
        create(dev('auth@example.org')),
        'InvalidParameterException',
        `${PREFIX}Email address is not verified. The following identities failed the check in region US-EAST-1: ${arn('auth@example.org')}`,
      );
      const ok = await create(dev('example.org', { From: 'Example <auth@example.org>' }));
      assert.deepEqual(ok.UserPool?.EmailConfiguration, {
        EmailSendingAccount: 'DEVELOPER',
        SourceArn: arn('example.org'),
        From: 'Example <auth@example.org>',
      });
    });

    test('From must belong to the identity', async () => {
      await rejectsWith(
        create(dev('noreply@example.com', { From: 'other@example.com' })),
        'InvalidParameterException',
        `${PREFIX}Email address is not verified. The following identities failed the check in region US-EAST-1: other@example.com`,
      );
      await rejectsWith(
        create(dev('example.org', { From: 'someone@example.net' })),
        'InvalidParameterException',
        /failed the check in region US-EAST-1: someone@example.net$/,
      );
      await create(dev('example.org', { From: 'news@mail.example.org' }));
    });

    test("the identity's Region must be one the pool's Region may use", async () => {
      // us-east-2 may use the legacy Regions; us-west-1 only itself
      await verifiedIdentity(s, 'noreply@example.com', { accessKeyId: ACCOUNT, region: 'us-west-2' });
      const ohio = s.cognito({ accessKeyId: ACCOUNT, region: 'us-east-2' });
      await create({ EmailSendingAccount: 'DEVELOPER', SourceArn: arn('noreply@example.com', 'us-west-2') }, ohio);
      const california = s.cognito({ accessKeyId: ACCOUNT, region: 'us-west-1' });
      await rejectsWith(
        create({ EmailSendingAccount: 'DEVELOPER', SourceArn: arn('noreply@example.com', 'us-east-1') }, california),
        'InvalidParameterException',
        /Region us-east-1 cannot be used by a user pool in us-west-1/,
      );
    });

    test('UpdateUserPool checks the same way', async () => {
      const poolId = (await c.send(new CreateUserPoolCommand({ PoolName: 'upd' }))).UserPool!.Id!;
      await rejectsWith(
        c.send(new UpdateUserPoolCommand({ UserPoolId: poolId, EmailConfiguration: dev('nobody@example.com') })),
        'InvalidParameterException',
        /failed the check in region US-EAST-1: arn:aws:ses:us-east-1:123456789012:identity\/nobody@example.com$/,
      );
      await c.send(
        new UpdateUserPoolCommand({
          UserPoolId: poolId,
          EmailConfiguration: dev('noreply@example.com', { From: 'noreply@example.com' }),
        }),
      );
      const described = await c.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
      assert.equal(described.UserPool?.EmailConfiguration?.EmailSendingAccount, 'DEVELOPER');
    });
  });

  describe('sending', () => {
    let clientId: string;
    let poolId: string;
    before(async () => {
      poolId = (await create(dev('noreply@example.com', { From: 'App <noreply@example.com>' }))).UserPool!.Id!;
      clientId = (await c.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web' })))
        .UserPoolClient!.ClientId!;
    });
    const signUp = (username: string, email: string) =>
      c.send(
        new SignUpCommand({
          ClientId: clientId,
          Username: username,
          Password: 'Passw0rd!',
          UserAttributes: [{ Name: 'email', Value: email }],
        }),
      );

    test("in the sandbox an unverified recipient is CodeDeliveryFailureException with SES's words; the user is created all the same", async () => {
      clock.advance(5000);
      await rejectsWith(
        signUp('alice', 'alice@example.net'),
        'CodeDeliveryFailureException',
        `${PREFIX}Email address is not verified. The following identities failed the check in region US-EAST-1: alice@example.net`,
      );
      assert.equal(
        (await c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'alice' }))).UserStatus,
        'UNCONFIRMED',
      );
      clock.advance(5000);
      await rejectsWith(
        c.send(
          new AdminCreateUserCommand({
            UserPoolId: poolId,
            Username: 'carol',
            UserAttributes: [{ Name: 'email', Value: 'carol@example.net' }],
            DesiredDeliveryMediums: ['EMAIL'],
          }),
        ),
        'CodeDeliveryFailureException',
        /failed the check in region US-EAST-1: carol@example.net$/,
      );
      // AWS creates the invited user and then reports the failed delivery (aws/aws-sdk#438)
      assert.equal(
        (await c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'carol' }))).UserStatus,
        'FORCE_CHANGE_PASSWORD',
      );
      // the refused message is in the outbox as failed, with SES's reason
      const { messages } = (await (await fetch(`${s.url}/_cognate/messages?pool=${poolId}&status=failed`)).json()) as {
        messages: { destination: string; lastError: string }[];
      };
      assert.deepEqual(messages.map((m) => m.destination).sort(), ['alice@example.net', 'carol@example.net']);
      assert.equal(
        messages.find((m) => m.destination === 'alice@example.net')?.lastError,
        'Email address is not verified. The following identities failed the check in region US-EAST-1: alice@example.net',
      );
    });

    test("a verified recipient receives the code from the pool's address, counted by SES", async () => {
      await verifiedIdentity(s, 'bob@example.net', { accessKeyId: ACCOUNT });
      const ses = s.client(SESv2Client, { accessKeyId: ACCOUNT });
      const before = (await ses.send(new GetAccountCommand({}))).SendQuota!.SentLast24Hours!;
      clock.advance(5000);
      await signUp('bob', 'bob@example.net');
      const mail = await waitForMail(
        s,
        (m) => m.Destination.ToAddresses.includes('bob@example.net') && m.Source === 'App <noreply@example.com>',
      );
      assert.match(mail.Body.text_part ?? '', /\d{6}/);
      assert.equal((await ses.send(new GetAccountCommand({}))).SendQuota!.SentLast24Hours, before + 1);
      // SES's sending rate applies: a second message in the same second is refused
      await rejectsWith(
        signUp('bob2', 'bob@example.net'),
        'CodeDeliveryFailureException',
        `${PREFIX}Maximum sending rate exceeded.`,
      );
    });

    test('out of the sandbox anyone may receive; an identity deleted later stops the pool', async () => {
      const ses = s.client(SESv2Client, { accessKeyId: ACCOUNT });
      await ses.send(new PutAccountDetailsCommand({ MailType: 'TRANSACTIONAL', WebsiteURL: 'https://example.com' }));
      clock.advance(5000);
      await signUp('dave', 'dave@example.net');
      await s.waitForEmail('dave@example.net');
      await ses.send(new DeleteEmailIdentityCommand({ EmailIdentity: 'noreply@example.com' }));
      clock.advance(5000);
      await rejectsWith(
        signUp('erin', 'erin@example.net'),
        'CodeDeliveryFailureException',
        `${PREFIX}Email address is not verified. The following identities failed the check in region US-EAST-1: App <noreply@example.com>`,
      );
    });
  });
});

describe('COGNITO_DEFAULT and --cognito-email direct', () => {
  test("the default sender keeps its own daily quota, apart from SES's", async () => {
    const s = await startServer({ flags: { 'default-email-daily-quota': '1' } });
    try {
      const c = s.cognito();
      const poolId = (
        await c.send(new CreateUserPoolCommand({ PoolName: 'default', AutoVerifiedAttributes: ['email'] }))
      ).UserPool!.Id!;
      const clientId = (await c.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web' })))
        .UserPoolClient!.ClientId!;
      const signUp = (u: string) =>
        c.send(
          new SignUpCommand({
            ClientId: clientId,
            Username: u,
            Password: 'Passw0rd!',
            UserAttributes: [{ Name: 'email', Value: `${u}@example.net` }],
          }),
        );
      await signUp('one');
      await rejectsWith(signUp('two'), 'LimitExceededException', /Exceeded daily email limit/);
      const account = await s.client(SESv2Client).send(new GetAccountCommand({}));
      assert.equal(account.SendQuota?.SentLast24Hours, 0);
    } finally {
      await s.stop();
    }
  });

  test("--cognito-email direct takes an unverified identity and sends without SES's checks", async () => {
    const s = await startServer({ flags: { 'cognito-email': 'direct' } });
    try {
      const c = s.cognito();
      const poolId = (
        await c.send(
          new CreateUserPoolCommand({
            PoolName: 'direct',
            AutoVerifiedAttributes: ['email'],
            EmailConfiguration: {
              EmailSendingAccount: 'DEVELOPER',
              SourceArn: 'arn:aws:ses:us-east-1:000000000000:identity/noreply@example.com',
            },
          }),
        )
      ).UserPool!.Id!;
      const clientId = (await c.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web' })))
        .UserPoolClient!.ClientId!;
      await c.send(
        new SignUpCommand({
          ClientId: clientId,
          Username: 'u',
          Password: 'Passw0rd!',
          UserAttributes: [{ Name: 'email', Value: 'u@example.net' }],
        }),
      );
      assert.equal((await s.waitForEmail('u@example.net')).Source, 'noreply@example.com');
    } finally {
      await s.stop();
    }
  });
});
