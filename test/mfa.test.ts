// Multi-factor sign-in: the pool's MFA settings, the user's factors, and the SMS and email code
// challenges, with the codes read where the user would read them.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateUserPoolCommand,
  CreateUserPoolClientCommand,
  DescribeUserPoolCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
  GetUserPoolMfaConfigCommand,
  SetUserMFAPreferenceCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminGetUserCommand,
  AssociateSoftwareTokenCommand,
  VerifySoftwareTokenCommand,
  type CognitoIdentityProviderClient,
  type CreateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { TOTP, Secret } from 'otpauth';
import { eachBackend, startServer, rejectsWith, codeIn, testClock, type TestServer } from './support/server.js';
import { until } from './support/smtp.js';
import { verifiedIdentity } from './support/ses.js';

const SMS = { SnsCallerArn: 'arn:aws:iam::000000000000:role/cognito-sms', ExternalId: 'cognate' };
const SES = {
  EmailSendingAccount: 'DEVELOPER' as const,
  SourceArn: 'arn:aws:ses:us-east-1:000000000000:identity/noreply@example.com',
  From: 'noreply@example.com',
};

eachBackend('multi-factor sign-in', (backend) => {
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  before(async () => {
    // The SMS role here is a name only (no IAM role): SMS go straight to the transport (--cognito-sms
    // direct); test/cognito-sms*.test.ts send MFA codes through a real role and SNS.
    s = await startServer({ backend, flags: { 'cognito-sms': 'direct' } });
    c = s.cognito();
    // The pools' SES identity, verified as its owner would, in an account out of the SES sandbox.
    await verifiedIdentity(s, 'noreply@example.com', { production: true });
  });
  after(() => s.stop());

  const poolWith = async (input: Omit<CreateUserPoolCommandInput, 'PoolName'>) => {
    const poolId = (await c.send(new CreateUserPoolCommand({ PoolName: 'mfa', ...input }))).UserPool!.Id!;
    const clientId = (
      await c.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'app',
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        }),
      )
    ).UserPoolClient!.ClientId!;
    return { poolId, clientId };
  };
  const user = async (poolId: string, Username: string, attrs: Record<string, string>) => {
    await c.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username,
        MessageAction: 'SUPPRESS',
        UserAttributes: Object.entries(attrs).map(([Name, Value]) => ({ Name, Value })),
      }),
    );
    await c.send(
      new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username, Password: 'Passw0rd!', Permanent: true }),
    );
  };
  const signIn = (ClientId: string, USERNAME: string) =>
    c.send(
      new InitiateAuthCommand({
        ClientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME, PASSWORD: 'Passw0rd!' },
      }),
    );
  const lastSms = async (phone: string, after = 0) =>
    until(`an SMS to ${phone}`, async () => {
      const body = (await (
        await fetch(`${s.url}/_aws/sns/sms-messages?phoneNumber=${encodeURIComponent(phone)}`)
      ).json()) as { sms_messages: Record<string, { Message: string }[]> };
      const got = body.sms_messages[phone] ?? [];
      return got.length > after ? got[got.length - 1].Message : undefined;
    });
  const smsCode = (text: string) => /\b(\d{6})\b/.exec(text)![1];

  test('SetUserPoolMfaConfig refuses what AWS refuses and reports the result', async () => {
    const { poolId } = await poolWith({});
    await rejectsWith(
      c.send(
        new SetUserPoolMfaConfigCommand({
          UserPoolId: poolId,
          MfaConfiguration: 'OFF',
          SoftwareTokenMfaConfiguration: { Enabled: true },
        }),
      ),
      'InvalidParameterException',
      "Invalid MFA configuration given, can't turn off MFA and configure an MFA together",
    );
    // Neither configuration given: AWS's recorded text for ON and OPTIONAL alike (not moto's).
    for (const mode of ['OPTIONAL', 'ON'] as const)
      await rejectsWith(
        c.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: mode })),
        'InvalidParameterException',
        'Invalid MFA Configuration given. SMS MFA, Email MFA, or Software Token MFA must be enabled.',
      );
    await rejectsWith(
      c.send(
        new SetUserPoolMfaConfigCommand({
          UserPoolId: poolId,
          MfaConfiguration: 'OPTIONAL',
          EmailMfaConfiguration: { Subject: 'Code' },
        }),
      ),
      'InvalidParameterException',
      'Cannot set EmailMfaConfiguration when user pool EmailConfiguration contains an EmailSendingAccount of COGNITO_DEFAULT',
    );
    const set = await c.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId,
        MfaConfiguration: 'OPTIONAL',
        SoftwareTokenMfaConfiguration: { Enabled: true },
        SmsMfaConfiguration: { SmsAuthenticationMessage: 'Login code {####}', SmsConfiguration: SMS },
      }),
    );
    const got = await c.send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }));
    for (const r of [set, got]) {
      assert.equal(r.MfaConfiguration, 'OPTIONAL');
      assert.deepEqual(r.SoftwareTokenMfaConfiguration, { Enabled: true });
      assert.deepEqual(r.SmsMfaConfiguration, { SmsAuthenticationMessage: 'Login code {####}', SmsConfiguration: SMS });
    }
  });

  test('SetUserPoolMfaConfig replaces the MFA settings; software tokens show only where the last call set them', async () => {
    const { poolId } = await poolWith({ SmsConfiguration: SMS });
    const mfa = async () => {
      const { $metadata: _, ...r } = await c.send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }));
      return r;
    };
    // A new pool: MFA OFF and no software token settings at all, as AWS answers (Terraform reads it so).
    const fresh = await mfa();
    assert.equal(fresh.MfaConfiguration, 'OFF');
    assert.equal('SoftwareTokenMfaConfiguration' in fresh, false);
    const set = (input: Omit<ConstructorParameters<typeof SetUserPoolMfaConfigCommand>[0], 'UserPoolId'>) =>
      c.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, ...input }));

    await set({ MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } });
    assert.deepEqual((await mfa()).SoftwareTokenMfaConfiguration, { Enabled: true });
    // SMS only: the software token settings are gone, not kept.
    await set({ MfaConfiguration: 'OPTIONAL', SmsMfaConfiguration: { SmsConfiguration: SMS } });
    const smsOnly = await mfa();
    assert.equal('SoftwareTokenMfaConfiguration' in smsOnly, false);
    assert.deepEqual(smsOnly.SmsMfaConfiguration, { SmsConfiguration: SMS });
    // Sent as disabled, shown as disabled.
    await set({
      MfaConfiguration: 'OPTIONAL',
      SmsMfaConfiguration: { SmsConfiguration: SMS },
      SoftwareTokenMfaConfiguration: { Enabled: false },
    });
    assert.deepEqual((await mfa()).SoftwareTokenMfaConfiguration, { Enabled: false });
    // MFA left out is OFF; the pool keeps its SmsConfiguration for verification messages.
    await set({});
    const off = await mfa();
    assert.equal(off.MfaConfiguration, 'OFF');
    assert.equal('SoftwareTokenMfaConfiguration' in off, false);
    const pool = (await c.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!;
    assert.equal(pool.MfaConfiguration, 'OFF');
    assert.deepEqual(pool.SmsConfiguration, SMS);
  });

  test('OPTIONAL: no code until the user turns SMS on; then the SMS code completes the sign-in', async () => {
    const { poolId, clientId } = await poolWith({
      MfaConfiguration: 'OPTIONAL',
      SmsConfiguration: SMS,
      SmsAuthenticationMessage: 'Your login code is {####}',
    });
    await user(poolId, 'sam', { phone_number: '+15555550142' });
    assert.ok((await signIn(clientId, 'sam')).AuthenticationResult);
    assert.equal(
      'UserMFASettingList' in (await c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'sam' }))),
      false,
    );
    await c.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: poolId,
        Username: 'sam',
        SMSMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
    const u = await c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'sam' }));
    assert.deepEqual(
      [u.UserMFASettingList, u.PreferredMfaSetting, u.MFAOptions],
      [['SMS_MFA'], 'SMS_MFA', [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }]],
    );

    const first = await signIn(clientId, 'sam');
    assert.equal(first.ChallengeName, 'SMS_MFA');
    assert.equal(first.AuthenticationResult, undefined);
    assert.deepEqual(first.ChallengeParameters, {
      CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS',
      CODE_DELIVERY_DESTINATION: '+*******0142',
      USER_ID_FOR_SRP: 'sam',
    });
    const text = await lastSms('+15555550142');
    assert.match(text, /^Your login code is \d{6}$/);
    const answer = (Session: string | undefined, SMS_MFA_CODE: string) =>
      c.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: 'SMS_MFA',
          Session,
          ChallengeResponses: { USERNAME: 'sam', SMS_MFA_CODE },
        }),
      );
    await rejectsWith(
      answer(first.Session, smsCode(text) === '000000' ? '111111' : '000000'),
      'CodeMismatchException',
      'Invalid code or auth state for the user.',
    );
    // The session answered once; the sign-in starts over with a new code.
    await rejectsWith(
      answer(first.Session, smsCode(text)),
      'NotAuthorizedException',
      'Invalid session for the user, session can only be used once.',
    );
    const second = await signIn(clientId, 'sam');
    const done = await answer(second.Session, smsCode(await lastSms('+15555550142', 1)));
    assert.ok(done.AuthenticationResult?.AccessToken);
    // The code reached the phone: the number is verified now.
    const after = await c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'sam' }));
    assert.equal(after.UserAttributes!.find((a) => a.Name === 'phone_number_verified')?.Value, 'true');
    // Turning the factor off removes the MFA fields again.
    await c.send(
      new SetUserMFAPreferenceCommand({
        AccessToken: done.AuthenticationResult!.AccessToken,
        SMSMfaSettings: { Enabled: false },
      }),
    );
    const off = await c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'sam' }));
    assert.deepEqual(
      ['UserMFASettingList' in off, 'PreferredMfaSetting' in off, 'MFAOptions' in off],
      [false, false, false],
    );
  });

  test('ON: a user with a phone number gets SMS codes without turning anything on', async () => {
    const { poolId, clientId } = await poolWith({ MfaConfiguration: 'ON', SmsConfiguration: SMS });
    await user(poolId, 'pia', { phone_number: '+15555550143' });
    const first = await signIn(clientId, 'pia');
    assert.equal(first.ChallengeName, 'SMS_MFA');
    assert.match(await lastSms('+15555550143'), /^Your authentication code is \d{6}\. $/);
  });

  test('email one-time codes, and SELECT_MFA_TYPE when two factors are on and none preferred', async () => {
    const { poolId, clientId } = await poolWith({ EmailConfiguration: SES, SmsConfiguration: SMS });
    await c.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId,
        MfaConfiguration: 'OPTIONAL',
        EmailMfaConfiguration: { Subject: 'Sign-in code', Message: 'Use {####} to sign in.' },
        SmsMfaConfiguration: { SmsConfiguration: SMS },
      }),
    );
    await user(poolId, 'eve', { email: 'eve@example.com', phone_number: '+15555550144' });
    await c.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: poolId,
        Username: 'eve',
        EmailMfaSettings: { Enabled: true },
        SMSMfaSettings: { Enabled: true },
      }),
    );
    const first = await signIn(clientId, 'eve');
    assert.equal(first.ChallengeName, 'SELECT_MFA_TYPE');
    assert.deepEqual(JSON.parse(first.ChallengeParameters!.MFAS_CAN_CHOOSE), ['SMS_MFA', 'EMAIL_OTP']);
    const picked = await c.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'SELECT_MFA_TYPE',
        Session: first.Session,
        ChallengeResponses: { USERNAME: 'eve', ANSWER: 'EMAIL_OTP' },
      }),
    );
    assert.equal(picked.ChallengeName, 'EMAIL_OTP');
    assert.deepEqual(
      [
        picked.ChallengeParameters!.CODE_DELIVERY_DELIVERY_MEDIUM,
        picked.ChallengeParameters!.CODE_DELIVERY_DESTINATION,
      ],
      ['EMAIL', 'e***@e***'],
    );
    const mail = await s.waitForEmail('eve@example.com');
    assert.deepEqual([mail.Source, mail.Subject], ['noreply@example.com', 'Sign-in code']);
    const done = await c.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'EMAIL_OTP',
        Session: picked.Session,
        ChallengeResponses: { USERNAME: 'eve', EMAIL_OTP_CODE: codeIn(mail) },
      }),
    );
    assert.ok(done.AuthenticationResult?.IdToken);
    // A user without the address cannot turn the factor on.
    await user(poolId, 'noe', { email: 'noe@example.com' });
    await rejectsWith(
      c.send(
        new AdminSetUserMFAPreferenceCommand({
          UserPoolId: poolId,
          Username: 'noe',
          SMSMfaSettings: { Enabled: true },
        }),
      ),
      'InvalidParameterException',
      'User does not have delivery config set to turn on SMS_MFA',
    );
    await rejectsWith(
      c.send(
        new AdminSetUserMFAPreferenceCommand({
          UserPoolId: poolId,
          Username: 'noe',
          SoftwareTokenMfaSettings: { Enabled: true },
        }),
      ),
      'InvalidParameterException',
      'User does not have delivery config set to turn on SOFTWARE_TOKEN_MFA',
    );
  });
});

eachBackend('software token MFA', (backend) => {
  const clock = testClock();
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  let poolId: string;
  let clientId: string;
  before(async () => {
    s = await startServer({ backend, now: clock.now, flags: { 'cognito-sms': 'direct' } });
    c = s.cognito();
    poolId = (await c.send(new CreateUserPoolCommand({ PoolName: 'totp' }))).UserPool!.Id!;
    await c.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId,
        MfaConfiguration: 'ON',
        SoftwareTokenMfaConfiguration: { Enabled: true },
      }),
    );
    clientId = (
      await c.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'app',
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
        }),
      )
    ).UserPoolClient!.ClientId!;
  });
  after(() => s.stop());
  /** The code an authenticator app shows now, computed by an independent TOTP implementation. */
  const appCode = (secret: string) => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: clock.now() });
  const signIn = (USERNAME: string) =>
    c.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME, PASSWORD: 'Passw0rd!' },
      }),
    );
  const newUser = async (Username: string) => {
    await c.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username, MessageAction: 'SUPPRESS' }));
    await c.send(
      new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username, Password: 'Passw0rd!', Permanent: true }),
    );
  };

  test('MFA ON: the first sign-in sets up an authenticator app, later ones ask for its code once', async () => {
    // From the start of a 30-second step: the codes below must stay in one step until the clock is advanced.
    clock.advance(30_000 - (clock.now() % 30_000));
    await newUser('tia');
    const first = await signIn('tia');
    assert.equal(first.ChallengeName, 'MFA_SETUP');
    assert.deepEqual(JSON.parse(first.ChallengeParameters!.MFAS_CAN_SETUP), ['SOFTWARE_TOKEN_MFA']);
    const assoc = await c.send(new AssociateSoftwareTokenCommand({ Session: first.Session }));
    assert.match(assoc.SecretCode!, /^[A-Z2-7]{32}$/);
    const wrong = appCode(assoc.SecretCode!) === '000000' ? '111111' : '000000';
    await rejectsWith(
      c.send(new VerifySoftwareTokenCommand({ Session: assoc.Session, UserCode: wrong })),
      'EnableSoftwareTokenMFAException',
      'Code mismatch and fail enable Software Token MFA',
    );
    const verified = await c.send(
      new VerifySoftwareTokenCommand({ Session: assoc.Session, UserCode: appCode(assoc.SecretCode!) }),
    );
    assert.equal(verified.Status, 'SUCCESS');
    const done = await c.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'MFA_SETUP',
        Session: verified.Session,
        ChallengeResponses: { USERNAME: 'tia' },
      }),
    );
    assert.deepEqual(done.ChallengeParameters, {});
    assert.ok(done.AuthenticationResult?.AccessToken);
    const u = await c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'tia' }));
    assert.deepEqual([u.UserMFASettingList, u.PreferredMfaSetting], [['SOFTWARE_TOKEN_MFA'], 'SOFTWARE_TOKEN_MFA']);

    const next = await signIn('tia');
    assert.equal(next.ChallengeName, 'SOFTWARE_TOKEN_MFA');
    // The code that verified the token is spent.
    await rejectsWith(
      c.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: 'SOFTWARE_TOKEN_MFA',
          Session: next.Session,
          ChallengeResponses: { USERNAME: 'tia', SOFTWARE_TOKEN_MFA_CODE: appCode(assoc.SecretCode!) },
        }),
      ),
      'ExpiredCodeException',
      'Your software token has already been used once.',
    );
    clock.advance(30_000);
    const again = await signIn('tia');
    const ok = await c.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        Session: again.Session,
        ChallengeResponses: { USERNAME: 'tia', SOFTWARE_TOKEN_MFA_CODE: appCode(assoc.SecretCode!) },
      }),
    );
    assert.ok(ok.AuthenticationResult?.IdToken);
    const wrongAgain = await signIn('tia');
    await rejectsWith(
      c.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: 'SOFTWARE_TOKEN_MFA',
          Session: wrongAgain.Session,
          ChallengeResponses: { USERNAME: 'tia', SOFTWARE_TOKEN_MFA_CODE: wrong },
        }),
      ),
      'CodeMismatchException',
      'Invalid code or auth state for the user.',
    );
  });

  test('a signed-in user adds an authenticator app with an access token, then prefers it', async () => {
    await newUser('ugo');
    const setup = await signIn('ugo');
    const assoc = await c.send(new AssociateSoftwareTokenCommand({ Session: setup.Session }));
    const verified = await c.send(
      new VerifySoftwareTokenCommand({ Session: assoc.Session, UserCode: appCode(assoc.SecretCode!) }),
    );
    const token = (
      await c.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: 'MFA_SETUP',
          Session: verified.Session,
          ChallengeResponses: { USERNAME: 'ugo' },
        }),
      )
    ).AuthenticationResult!.AccessToken!;
    // A new device: a new secret replaces the old one once proven.
    const replacement = await c.send(new AssociateSoftwareTokenCommand({ AccessToken: token }));
    assert.notEqual(replacement.SecretCode, assoc.SecretCode);
    clock.advance(30_000);
    assert.equal(
      (await c.send(new VerifySoftwareTokenCommand({ AccessToken: token, UserCode: appCode(replacement.SecretCode!) })))
        .Status,
      'SUCCESS',
    );
    await c.send(
      new SetUserMFAPreferenceCommand({
        AccessToken: token,
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
    clock.advance(30_000);
    const next = await signIn('ugo');
    assert.equal(next.ChallengeName, 'SOFTWARE_TOKEN_MFA');
    // The old device's codes no longer work.
    const old = appCode(assoc.SecretCode!);
    if (old !== appCode(replacement.SecretCode!)) {
      await rejectsWith(
        c.send(
          new RespondToAuthChallengeCommand({
            ClientId: clientId,
            ChallengeName: 'SOFTWARE_TOKEN_MFA',
            Session: next.Session,
            ChallengeResponses: { USERNAME: 'ugo', SOFTWARE_TOKEN_MFA_CODE: old },
          }),
        ),
        'CodeMismatchException',
      );
    }
  });
});
