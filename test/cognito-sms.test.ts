// A user pool's SMS settings and the SMS it sends, as on AWS: the IAM role Cognito assumes (trust
// policy from the mission's document docs/reference/seeds/004, condition by condition), its sns:Publish permission, the SNS
// Region, and then SNS's sandbox, spend limit and opt-outs deciding what reaches the phone.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateUserPoolCommand,
  UpdateUserPoolCommand,
  CreateUserPoolClientCommand,
  SignUpCommand,
  ConfirmSignUpCommand,
  AdminGetUserCommand,
  DescribeUserPoolCommand,
  AdminCreateUserCommand,
  ForgotPasswordCommand,
  AdminSetUserPasswordCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  type CognitoIdentityProviderClient,
  type CreateUserPoolCommandInput,
  type SmsConfigurationType,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  IAMClient,
  CreateRoleCommand,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
  AttachRolePolicyCommand,
} from '@aws-sdk/client-iam';
import {
  SNSClient,
  CreateSMSSandboxPhoneNumberCommand,
  VerifySMSSandboxPhoneNumberCommand,
  SetSMSAttributesCommand,
} from '@aws-sdk/client-sns';
import { eachBackend, startServer, rejectsWith, type TestServer } from './support/server.js';
import { until } from './support/smtp.js';
import { run as snsCli } from '../src/cli/sns.js';
import { trustPolicy, PUBLISH_POLICY } from './support/sms.js';

const TRUST_MESSAGE = 'Role does not have a trust relationship allowing Cognito to assume the role';
const PUBLISH_MESSAGE = 'Role does not have permission to publish with SNS';

interface Msg {
  id: string;
  status: string;
  lastError: string | null;
  destination: string;
  activity: string;
  region: string;
}

eachBackend('Cognito SMS through SNS', (backend) => {
  let s: TestServer;
  let n = 0;
  const account = () => String(211100000000 + ++n);
  before(async () => {
    s = await startServer({ backend });
  });
  after(() => s.stop());

  const clients = (acct: string, region = 'us-east-1') => ({
    idp: s.cognito({ accessKeyId: acct, region }),
    iam: s.client(IAMClient, { accessKeyId: acct, region }),
    sns: s.client(SNSClient, { accessKeyId: acct, region }),
  });
  const role = async (iam: IAMClient, name: string, trust: string, publish = true) => {
    const arn = (await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }))).Role!.Arn!;
    if (publish)
      await iam.send(
        new PutRolePolicyCommand({ RoleName: name, PolicyName: 'publish', PolicyDocument: PUBLISH_POLICY }),
      );
    return arn;
  };
  const pool = async (idp: CognitoIdentityProviderClient, input: Omit<CreateUserPoolCommandInput, 'PoolName'> = {}) => {
    const p = (await idp.send(new CreateUserPoolCommand({ PoolName: 'sms', ...input }))).UserPool!;
    const clientId = (
      await idp.send(
        new CreateUserPoolClientCommand({
          UserPoolId: p.Id!,
          ClientName: 'app',
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        }),
      )
    ).UserPoolClient!.ClientId!;
    return { poolId: p.Id!, arn: p.Arn!, clientId };
  };
  const messages = async (query: string): Promise<Msg[]> =>
    ((await (await fetch(`${s.url}/_cognate/messages?${query}`)).json()) as { messages: Msg[] }).messages;
  const sms = async (acct: string, phone: string, region = 'us-east-1'): Promise<string[]> => {
    const body = (await (
      await fetch(
        `${s.url}/_aws/sns/sms-messages?accountId=${acct}&region=${region}&phoneNumber=${encodeURIComponent(phone)}`,
      )
    ).json()) as { sms_messages: Record<string, { Message: string }[]> };
    return (body.sms_messages[phone] ?? []).map((m) => m.Message);
  };
  const waitSms = (acct: string, phone: string, count = 1, region = 'us-east-1') =>
    until(`${count} SMS to ${phone}`, async () => {
      const got = await sms(acct, phone, region);
      return got.length >= count ? got : undefined;
    });
  const code = (text: string) => /(\d{6})/.exec(text)![1];
  const verifyNumber = async (c: ReturnType<typeof clients>, acct: string, phone: string, region = 'us-east-1') => {
    await c.sns.send(new CreateSMSSandboxPhoneNumberCommand({ PhoneNumber: phone }));
    const [otp] = await waitSms(acct, phone, 1, region);
    await c.sns.send(new VerifySMSSandboxPhoneNumberCommand({ PhoneNumber: phone, OneTimePassword: code(otp) }));
  };
  const operator = async (args: string[]) => assert.equal(await snsCli([...args, '--endpoint', s.url], () => {}), 0);
  /** A pool whose role trusts Cognito for exactly this pool with ExternalId `ext`, as the mission's document (docs/reference/seeds/004) sets it up. */
  const configured = async (
    c: ReturnType<typeof clients>,
    acct: string,
    input: Omit<CreateUserPoolCommandInput, 'PoolName'> = {},
  ) => {
    const p = await pool(c.idp, { AutoVerifiedAttributes: ['phone_number'] });
    const arn = await role(c.iam, `sms-${p.poolId.split('_')[1]}`, trustPolicy(acct, p.arn, 'ext'));
    const SmsConfiguration: SmsConfigurationType = { SnsCallerArn: arn, ExternalId: 'ext', SnsRegion: 'us-east-1' };
    await c.idp.send(
      new UpdateUserPoolCommand({
        UserPoolId: p.poolId,
        AutoVerifiedAttributes: ['phone_number'],
        SmsConfiguration,
        ...input,
      }),
    );
    return { ...p, roleArn: arn, SmsConfiguration };
  };
  const signUp = (clientId: string, Username: string, phone: string) =>
    s.cognito().send(
      new SignUpCommand({
        ClientId: clientId,
        Username,
        Password: 'Passw0rd!',
        UserAttributes: [{ Name: 'phone_number', Value: phone }],
      }),
    );

  test("the trust policy of the mission's document is accepted; Cognito sends its test message", async () => {
    const acct = account();
    const c = clients(acct);
    const p = await configured(c, acct);
    const described = (await c.idp.send(new DescribeUserPoolCommand({ UserPoolId: p.poolId }))).UserPool!;
    assert.deepEqual(described.SmsConfiguration, p.SmsConfiguration);
    // The model's documented failure value while the account is in the SNS sandbox; gone once out of it.
    assert.equal(described.SmsConfigurationFailure, 'SNSSandbox');
    await operator(['leave-sandbox', '--account', acct]);
    assert.equal(
      (await c.idp.send(new DescribeUserPoolCommand({ UserPoolId: p.poolId }))).UserPool!.SmsConfigurationFailure,
      undefined,
    );
    const [probe] = await messages(`pool=${p.poolId}`);
    assert.equal(probe.activity, 'sms_configuration_test');
    // The account is in the SNS sandbox, so the probe never reaches Cognito's internal number.
    assert.match(probe.lastError!, /SMS sandbox/);
  });

  test('refused as AWS refuses: no ExternalId condition (MFA), another account, another pool, no sns:Publish, no role', async () => {
    const acct = account();
    const c = clients(acct);
    const mfa = { MfaConfiguration: 'OPTIONAL' as const };
    const target = await pool(c.idp);
    const other = await pool(c.idp);
    const update = (arn: string, extra: object = {}) =>
      c.idp.send(
        new UpdateUserPoolCommand({
          UserPoolId: target.poolId,
          SmsConfiguration: { SnsCallerArn: arn, ExternalId: 'ext' },
          ...extra,
        }),
      );

    const noExternalId = await role(c.iam, 'no-external-id', trustPolicy(acct, target.arn));
    await rejectsWith(update(noExternalId, mfa), 'InvalidSmsRoleTrustRelationshipException', TRUST_MESSAGE);
    const wrongAccount = await role(c.iam, 'wrong-account', trustPolicy('999999999999', target.arn, 'ext'));
    await rejectsWith(update(wrongAccount), 'InvalidSmsRoleTrustRelationshipException', TRUST_MESSAGE);
    const otherPool = await role(c.iam, 'other-pool', trustPolicy(acct, other.arn, 'ext'));
    await rejectsWith(update(otherPool), 'InvalidSmsRoleTrustRelationshipException', TRUST_MESSAGE);
    const wrongExternalId = await role(c.iam, 'wrong-external-id', trustPolicy(acct, target.arn, 'other'));
    await rejectsWith(update(wrongExternalId), 'InvalidSmsRoleTrustRelationshipException', TRUST_MESSAGE);
    const cannotPublish = await role(c.iam, 'cannot-publish', trustPolicy(acct, target.arn, 'ext'), false);
    await rejectsWith(update(cannotPublish), 'InvalidSmsRoleAccessPolicyException', PUBLISH_MESSAGE);
    await rejectsWith(
      update(`arn:aws:iam::${acct}:role/none`),
      'InvalidSmsRoleTrustRelationshipException',
      TRUST_MESSAGE,
    );
    // Without MFA the ExternalId condition is not required; a wildcard source ARN is accepted.
    await update(noExternalId);
    const wildcard = await role(
      c.iam,
      'wildcard',
      trustPolicy(acct, `arn:aws:cognito-idp:us-east-1:${acct}:userpool/*`, 'ext'),
    );
    await update(wildcard, mfa);
    // CreateUserPool checks the same way (the new pool's ARN is the source ARN).
    await rejectsWith(
      c.idp.send(
        new CreateUserPoolCommand({ PoolName: 'x', SmsConfiguration: { SnsCallerArn: otherPool, ExternalId: 'ext' } }),
      ),
      'InvalidSmsRoleTrustRelationshipException',
      TRUST_MESSAGE,
    );
    await c.idp.send(
      new CreateUserPoolCommand({ PoolName: 'x', SmsConfiguration: { SnsCallerArn: wildcard, ExternalId: 'ext' } }),
    );
  });

  test('sns:Publish may come from an attached AWS managed policy', async () => {
    const acct = account();
    const c = clients(acct);
    const p = await pool(c.idp);
    const arn = await role(c.iam, 'managed', trustPolicy(acct, p.arn, 'ext'), false);
    await rejectsWith(
      c.idp.send(
        new UpdateUserPoolCommand({ UserPoolId: p.poolId, SmsConfiguration: { SnsCallerArn: arn, ExternalId: 'ext' } }),
      ),
      'InvalidSmsRoleAccessPolicyException',
      PUBLISH_MESSAGE,
    );
    await c.iam.send(
      new AttachRolePolicyCommand({ RoleName: 'managed', PolicyArn: 'arn:aws:iam::aws:policy/AmazonSNSFullAccess' }),
    );
    await c.idp.send(
      new UpdateUserPoolCommand({ UserPoolId: p.poolId, SmsConfiguration: { SnsCallerArn: arn, ExternalId: 'ext' } }),
    );
  });

  test('SnsRegion: Seoul must use Tokyo, and without SnsRegion its SMS go through Tokyo', async () => {
    const acct = account();
    const seoul = clients(acct, 'ap-northeast-2');
    const tokyo = clients(acct, 'ap-northeast-1');
    const p = await pool(seoul.idp, { AutoVerifiedAttributes: ['phone_number'] });
    const arn = await role(seoul.iam, 'seoul', trustPolicy(acct, p.arn, 'ext'));
    await rejectsWith(
      seoul.idp.send(
        new UpdateUserPoolCommand({
          UserPoolId: p.poolId,
          AutoVerifiedAttributes: ['phone_number'],
          SmsConfiguration: { SnsCallerArn: arn, ExternalId: 'ext', SnsRegion: 'ap-northeast-2' },
        }),
      ),
      'InvalidParameterException',
      /ap-northeast-1/,
    );
    await seoul.idp.send(
      new UpdateUserPoolCommand({
        UserPoolId: p.poolId,
        AutoVerifiedAttributes: ['phone_number'],
        SmsConfiguration: { SnsCallerArn: arn, ExternalId: 'ext' },
      }),
    );
    const phone = '+821012340001';
    await verifyNumber(tokyo, acct, phone, 'ap-northeast-1');
    await signUp(p.clientId, 'minji', phone);
    const texts = await waitSms(acct, phone, 2, 'ap-northeast-1');
    assert.match(texts[1], /^Your verification code is \d{6}\. $/);
  });

  test('in the sandbox: a verified number gets the sign-up code, an unverified one does not', async () => {
    const acct = account();
    const c = clients(acct);
    const p = await configured(c, acct);
    const verified = '+4915112345001';
    await verifyNumber(c, acct, verified);
    const su = await signUp(p.clientId, 'vera', verified);
    assert.deepEqual(su.CodeDeliveryDetails, {
      Destination: '+*********5001',
      DeliveryMedium: 'SMS',
      AttributeName: 'phone_number',
    });
    const [, text] = await waitSms(acct, verified, 2);
    await s
      .cognito()
      .send(new ConfirmSignUpCommand({ ClientId: p.clientId, Username: 'vera', ConfirmationCode: code(text) }));
    assert.equal(
      (await c.idp.send(new AdminGetUserCommand({ UserPoolId: p.poolId, Username: 'vera' }))).UserStatus,
      'CONFIRMED',
    );

    // As on AWS the call succeeds; SNS drops the SMS, and the message status says why.
    const unverified = '+4915112345002';
    const refused = await signUp(p.clientId, 'una', unverified);
    assert.equal(refused.CodeDeliveryDetails?.DeliveryMedium, 'SMS');
    const [m] = await messages(`pool=${p.poolId}&status=failed&channel=sms`);
    assert.equal(m.destination, unverified);
    assert.match(m.lastError!, /not verified in the SMS sandbox/);
    assert.deepEqual(await sms(acct, unverified), []);

    // Out of the sandbox (an operator's action, per account and Region) it goes through.
    await operator(['leave-sandbox', '--account', acct]);
    await signUp(p.clientId, 'otto', '+4915112345003');
    assert.equal((await waitSms(acct, '+4915112345003')).length, 1);
  });

  test('the monthly spend limit reached: the sign-up succeeds, the SMS is not sent', async () => {
    const acct = account();
    const c = clients(acct);
    const p = await configured(c, acct);
    await operator(['leave-sandbox', '--account', acct]);
    // Germany costs 0.0883 USD in the price table: the default 1.00 USD pays for 11 SMS.
    for (let i = 0; i < 11; i++) await signUp(p.clientId, `u${i}`, `+49151123460${String(i).padStart(2, '0')}`);
    await signUp(p.clientId, 'late', '+4915112346099');
    const [last] = await messages(`pool=${p.poolId}&limit=1`);
    assert.equal(last.destination, '+4915112346099');
    assert.equal(last.lastError, 'No quota left for account');
    await operator(['set-spend-quota', '--account', acct, '--usd', '5']);
    await c.sns.send(new SetSMSAttributesCommand({ attributes: { MonthlySpendLimit: '5' } }));
    await signUp(p.clientId, 'later', '+4915112346098');
    assert.equal((await waitSms(acct, '+4915112346098')).length, 1);
  });

  test("the role is evaluated at every send: a trust policy changed afterwards stops SMS with AWS's exception", async () => {
    const acct = account();
    const c = clients(acct);
    const p = await configured(c, acct);
    await operator(['leave-sandbox', '--account', acct]);
    await c.iam.send(
      new UpdateAssumeRolePolicyCommand({
        RoleName: p.roleArn.split('/').pop()!,
        PolicyDocument: trustPolicy(acct, p.arn, 'rotated'),
      }),
    );
    await rejectsWith(
      signUp(p.clientId, 'rita', '+4915112347001'),
      'InvalidSmsRoleTrustRelationshipException',
      TRUST_MESSAGE,
    );
    assert.equal(
      (await c.idp.send(new DescribeUserPoolCommand({ UserPoolId: p.poolId }))).UserPool!.SmsConfigurationFailure,
      'InvalidSmsRoleTrustRelationshipException',
    );
  });

  test('a pool without SmsConfiguration cannot send SMS, as on AWS', async () => {
    const acct = account();
    const c = clients(acct);
    const p = await pool(c.idp, { AutoVerifiedAttributes: ['phone_number'] });
    await rejectsWith(
      signUp(p.clientId, 'nora', '+4915112348001'),
      'InvalidParameterException',
      'User pool does not have SMS configuration to send messages.',
    );
    await rejectsWith(
      c.idp.send(
        new AdminCreateUserCommand({
          UserPoolId: p.poolId,
          Username: 'nils',
          UserAttributes: [{ Name: 'phone_number', Value: '+4915112348002' }],
        }),
      ),
      'InvalidParameterException',
      'User pool does not have SMS configuration to send messages.',
    );
  });

  test('invitations and password-reset codes take the same path', async () => {
    const acct = account();
    const c = clients(acct);
    const p = await configured(c, acct);
    await operator(['leave-sandbox', '--account', acct]);
    const phone = '+4915112349501';
    await c.idp.send(
      new AdminCreateUserCommand({
        UserPoolId: p.poolId,
        Username: 'ida',
        TemporaryPassword: 'Temp-Passw0rd!',
        UserAttributes: [
          { Name: 'phone_number', Value: phone },
          { Name: 'phone_number_verified', Value: 'true' },
        ],
      }),
    );
    const [invitation] = await waitSms(acct, phone);
    assert.equal(invitation, 'Your username is ida and temporary password is Temp-Passw0rd!. ');
    await c.idp.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: p.poolId,
        Username: 'ida',
        Password: 'Passw0rd!',
        Permanent: true,
      }),
    );
    const forgot = await s.cognito().send(new ForgotPasswordCommand({ ClientId: p.clientId, Username: 'ida' }));
    assert.equal(forgot.CodeDeliveryDetails?.DeliveryMedium, 'SMS');
    const texts = await waitSms(acct, phone, 2);
    assert.match(texts[1], /\d{6}/);
    const sent = await messages(`pool=${p.poolId}&channel=sms`);
    assert.deepEqual(
      sent
        .map((m) => m.activity)
        .filter((a) => a !== 'sms_configuration_test')
        .sort(),
      ['forgot_password', 'invitation'],
    );
  });

  test('SMS MFA codes go through the role (with its ExternalId) and SNS', async () => {
    const acct = account();
    const c = clients(acct);
    const p = await configured(c, acct, { MfaConfiguration: 'OPTIONAL' });
    await operator(['leave-sandbox', '--account', acct]);
    const phone = '+4915112349001';
    await c.idp.send(
      new AdminCreateUserCommand({
        UserPoolId: p.poolId,
        Username: 'mia',
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'phone_number', Value: phone },
          { Name: 'phone_number_verified', Value: 'true' },
        ],
      }),
    );
    await c.idp.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: p.poolId,
        Username: 'mia',
        Password: 'Passw0rd!',
        Permanent: true,
      }),
    );
    const { AdminSetUserMFAPreferenceCommand } = await import('@aws-sdk/client-cognito-identity-provider');
    await c.idp.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: p.poolId,
        Username: 'mia',
        SMSMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
    const challenge = await s.cognito().send(
      new InitiateAuthCommand({
        ClientId: p.clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'mia', PASSWORD: 'Passw0rd!' },
      }),
    );
    assert.equal(challenge.ChallengeName, 'SMS_MFA');
    const [text] = await waitSms(acct, phone);
    const done = await s.cognito().send(
      new RespondToAuthChallengeCommand({
        ClientId: p.clientId,
        ChallengeName: 'SMS_MFA',
        Session: challenge.Session,
        ChallengeResponses: { USERNAME: 'mia', SMS_MFA_CODE: code(text) },
      }),
    );
    assert.ok(done.AuthenticationResult?.AccessToken);
  });
});
