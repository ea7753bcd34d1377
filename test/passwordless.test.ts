// Passwordless sign-in as AWS has it (Essentials): the pool's first factors and passkey settings,
// passkeys registered with a software authenticator and listed, deleted and used through USER_AUTH,
// one-time codes by email and SMS read where the user reads them, SELECT_CHALLENGE, and the auth
// factors a user has. Everything through the AWS SDK.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminDeleteUserCommand,
  AdminGetUserAuthFactorsCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserPasswordCommand,
  CompleteWebAuthnRegistrationCommand,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteUserPoolCommand,
  DeleteWebAuthnCredentialCommand,
  GetUserAuthFactorsCommand,
  GetUserPoolMfaConfigCommand,
  InitiateAuthCommand,
  ListWebAuthnCredentialsCommand,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
  SignUpCommand,
  StartWebAuthnRegistrationCommand,
  UpdateUserPoolCommand,
  type CognitoIdentityProviderClient,
  type CreateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { codeIn, eachBackend, rejectsWith, startServer, type TestServer } from './support/server.js';
import { until } from './support/smtp.js';
import { SoftwareAuthenticator, type CreationOptions, type RequestOptions } from './support/authenticator.js';

const SMS = { SnsCallerArn: 'arn:aws:iam::000000000000:role/cognito-sms', ExternalId: 'cognate' };
const PASSWORD = 'Passw0rd!';
const ALL = ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'] as const;

eachBackend('passwordless sign-in', (backend) => {
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  before(async () => {
    // The pool's SMS go straight to the outbox (--cognito-sms direct); test/cognito-sms*.test.ts
    // send codes through a real role and SNS.
    s = await startServer({ backend, flags: { 'cognito-sms': 'direct' } });
    c = s.cognito();
  });
  after(() => s.stop());

  const poolWith = async (input: Omit<CreateUserPoolCommandInput, 'PoolName'> = {}) => {
    const poolId = (
      await c.send(
        new CreateUserPoolCommand({
          PoolName: 'passwordless',
          SmsConfiguration: SMS,
          Policies: { SignInPolicy: { AllowedFirstAuthFactors: [...ALL] } },
          ...input,
        }),
      )
    ).UserPool!.Id!;
    const client = async () =>
      (
        await c.send(
          new CreateUserPoolClientCommand({
            UserPoolId: poolId,
            ClientName: 'app',
            ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
          }),
        )
      ).UserPoolClient!.ClientId!;
    return { poolId, clientId: await client(), client };
  };
  const passkeyPool = async () => {
    const p = await poolWith();
    await c.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: p.poolId,
        MfaConfiguration: 'OFF',
        WebAuthnConfiguration: { RelyingPartyId: 'example.com', UserVerification: 'required' },
      }),
    );
    return p;
  };
  const user = async (poolId: string, Username: string, attrs: Record<string, string>, password = true) => {
    await c.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username,
        MessageAction: 'SUPPRESS',
        UserAttributes: Object.entries(attrs).map(([Name, Value]) => ({ Name, Value })),
      }),
    );
    if (password)
      await c.send(
        new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username, Password: PASSWORD, Permanent: true }),
      );
  };
  const userAuth = (ClientId: string, USERNAME: string, extra: Record<string, string> = {}) =>
    c.send(new InitiateAuthCommand({ ClientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME, ...extra } }));
  const accessToken = async (clientId: string, username: string) =>
    (await userAuth(clientId, username, { PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD })).AuthenticationResult!
      .AccessToken!;
  const lastSms = async (phone: string) =>
    until(`an SMS to ${phone}`, async () => {
      const body = (await (
        await fetch(`${s.url}/_aws/sns/sms-messages?phoneNumber=${encodeURIComponent(phone)}`)
      ).json()) as { sms_messages: Record<string, { Message: string }[]> };
      const got = body.sms_messages[phone] ?? [];
      return got.length ? got[got.length - 1].Message : undefined;
    });
  const register = async (AccessToken: string, key: SoftwareAuthenticator) => {
    const { CredentialCreationOptions } = await c.send(new StartWebAuthnRegistrationCommand({ AccessToken }));
    const options = CredentialCreationOptions as unknown as CreationOptions;
    await c.send(new CompleteWebAuthnRegistrationCommand({ AccessToken, Credential: key.create(options) as never }));
  };

  test('the pool keeps its passkey settings and refuses the combinations AWS refuses', async () => {
    const { poolId } = await passkeyPool();
    const mfa = await c.send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }));
    assert.deepEqual(mfa.WebAuthnConfiguration, { RelyingPartyId: 'example.com', UserVerification: 'required' });
    assert.equal(mfa.MfaConfiguration, 'OFF');
    // Measured against AWS (cdkd): SMS_OTP needs SMS settings; MFA ON allows no one-time-password
    // first factor, and passkeys beside it only as MFA.
    await rejectsWith(
      c.send(
        new CreateUserPoolCommand({
          PoolName: 'no-sms',
          Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'SMS_OTP'] } },
        }),
      ),
      'InvalidParameterException',
      'SMS_OTP can not be configured as AuthFactor as user pool is missing valid SMS configuration',
    );
    await rejectsWith(
      c.send(
        new SetUserPoolMfaConfigCommand({
          UserPoolId: poolId,
          MfaConfiguration: 'ON',
          SoftwareTokenMfaConfiguration: { Enabled: true },
        }),
      ),
      'InvalidParameterException',
      'Only PASSWORD and WEB_AUTHN (if configured) can be enabled as an auth factor if MFA is enabled',
    );
    await c.send(
      new UpdateUserPoolCommand({
        UserPoolId: poolId,
        SmsConfiguration: SMS,
        Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } },
      }),
    );
    await rejectsWith(
      c.send(
        new SetUserPoolMfaConfigCommand({
          UserPoolId: poolId,
          MfaConfiguration: 'ON',
          SoftwareTokenMfaConfiguration: { Enabled: true },
          WebAuthnConfiguration: { RelyingPartyId: 'example.com', UserVerification: 'preferred' },
        }),
      ),
      'InvalidParameterException',
      'Cannot set WebAuthn factor configuration to SINGLE_FACTOR if MFA is required and WebAuthn is an allowed first auth factor',
    );
    const on = await c.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId,
        MfaConfiguration: 'ON',
        SoftwareTokenMfaConfiguration: { Enabled: true },
        WebAuthnConfiguration: {
          RelyingPartyId: 'example.com',
          UserVerification: 'required',
          FactorConfiguration: 'MULTI_FACTOR_WITH_USER_VERIFICATION',
        },
      }),
    );
    assert.equal(on.WebAuthnConfiguration?.FactorConfiguration, 'MULTI_FACTOR_WITH_USER_VERIFICATION');
    // Passkeys are no MFA factor: with them alone MFA stays refused.
    const other = (
      await c.send(
        new CreateUserPoolCommand({
          PoolName: 'passkeys-only',
          Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } },
        }),
      )
    ).UserPool!.Id!;
    await rejectsWith(
      c.send(new SetUserPoolMfaConfigCommand({ UserPoolId: other, MfaConfiguration: 'OPTIONAL' })),
      'InvalidParameterException',
      'Invalid MFA Configuration given. SMS MFA, Email MFA, or Software Token MFA must be enabled.',
    );
    // Passwordless first factors need the Essentials plan (pools/tier.ts).
    await rejectsWith(
      c.send(
        new CreateUserPoolCommand({
          PoolName: 'lite',
          UserPoolTier: 'LITE',
          Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } },
        }),
      ),
      'FeatureUnavailableInTierException',
      'The following features need to be disabled for the LITE pricing tier configured: Passwordless Sign-In',
    );
  });

  test('a passkey is registered, listed, used through USER_AUTH and deleted', async () => {
    const { poolId, clientId, client } = await passkeyPool();
    await user(poolId, 'ada', { email: 'ada@example.com' });
    const token = await accessToken(clientId, 'ada');
    const key = new SoftwareAuthenticator('https://app.example.com');

    const { CredentialCreationOptions } = await c.send(new StartWebAuthnRegistrationCommand({ AccessToken: token }));
    const options = CredentialCreationOptions as unknown as CreationOptions & {
      authenticatorSelection: { userVerification: string };
      pubKeyCredParams: { alg: number }[];
    };
    assert.equal(options.rp.id, 'example.com');
    assert.equal(options.user.name, 'ada');
    assert.equal(options.authenticatorSelection.userVerification, 'required');
    assert.ok(options.pubKeyCredParams.some((p) => p.alg === -7));
    assert.match(options.challenge, /^[A-Za-z0-9_-]{43}$/);

    // What is refused before the signature: the origin, the relying party, the challenge.
    const evil = new SoftwareAuthenticator('https://example.org');
    await rejectsWith(
      c.send(
        new CompleteWebAuthnRegistrationCommand({ AccessToken: token, Credential: evil.create(options) as never }),
      ),
      'WebAuthnOriginNotAllowedException',
    );
    await rejectsWith(
      c.send(
        new CompleteWebAuthnRegistrationCommand({
          AccessToken: token,
          Credential: key.create(options, { rpId: 'other.com' }) as never,
        }),
      ),
      'WebAuthnRelyingPartyMismatchException',
    );
    await rejectsWith(
      c.send(
        new CompleteWebAuthnRegistrationCommand({
          AccessToken: token,
          Credential: key.create(options, { challenge: 'AAAA' }) as never,
        }),
      ),
      'WebAuthnChallengeNotFoundException',
    );
    // Another app client's token cannot finish this client's ceremony.
    const otherToken = await accessToken(await client(), 'ada');
    await rejectsWith(
      c.send(
        new CompleteWebAuthnRegistrationCommand({ AccessToken: otherToken, Credential: key.create(options) as never }),
      ),
      'WebAuthnClientMismatchException',
    );
    await rejectsWith(
      c.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: token, Credential: 'not json' as never })),
      'InvalidParameterException',
    );
    await c.send(
      new CompleteWebAuthnRegistrationCommand({ AccessToken: token, Credential: key.create(options) as never }),
    );
    // The challenge answers once.
    await rejectsWith(
      c.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: token, Credential: key.create(options) as never })),
      'WebAuthnChallengeNotFoundException',
    );

    const { Credentials } = await c.send(new ListWebAuthnCredentialsCommand({ AccessToken: token }));
    assert.equal(Credentials?.length, 1);
    assert.equal(Credentials![0].CredentialId, key.id);
    assert.equal(Credentials![0].RelyingPartyId, 'example.com');
    assert.equal(Credentials![0].AuthenticatorAttachment, 'platform');
    assert.deepEqual(Credentials![0].AuthenticatorTransports, ['internal', 'hybrid']);
    assert.ok(Credentials![0].CreatedAt instanceof Date);
    assert.ok(Credentials![0].FriendlyCredentialName);
    // A second ceremony excludes the passkey the user has.
    const again = (await c.send(new StartWebAuthnRegistrationCommand({ AccessToken: token })))
      .CredentialCreationOptions as unknown as CreationOptions;
    assert.deepEqual(
      again.excludeCredentials?.map((e) => e.id),
      [key.id],
    );

    const factors = await c.send(new GetUserAuthFactorsCommand({ AccessToken: token }));
    assert.equal(factors.Username, 'ada');
    assert.deepEqual(factors.ConfiguredUserAuthFactors, ['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN']);

    // Sign in with the passkey.
    const started = await userAuth(clientId, 'ada', { PREFERRED_CHALLENGE: 'WEB_AUTHN' });
    assert.equal(started.ChallengeName, 'WEB_AUTHN');
    const request = JSON.parse(started.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS) as RequestOptions & {
      userVerification: string;
    };
    assert.equal(request.rpId, 'example.com');
    assert.deepEqual(
      request.allowCredentials.map((a) => a.id),
      [key.id],
    );
    const answer = (credential: object, Session = started.Session) =>
      c.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: 'WEB_AUTHN',
          Session,
          ChallengeResponses: { USERNAME: 'ada', CREDENTIAL: JSON.stringify(credential) },
        }),
      );
    const signedIn = await answer(key.get(request));
    assert.ok(signedIn.AuthenticationResult?.AccessToken);
    // One answer per session; a forged signature proves nothing.
    await rejectsWith(
      answer(key.get(request)),
      'NotAuthorizedException',
      'Invalid session for the user, session can only be used once.',
    );
    const second = await userAuth(clientId, 'ada', { PREFERRED_CHALLENGE: 'WEB_AUTHN' });
    const secondRequest = JSON.parse(second.ChallengeParameters!.CREDENTIAL_REQUEST_OPTIONS) as RequestOptions;
    await rejectsWith(
      answer(key.get(secondRequest, { tamper: true }), second.Session),
      'NotAuthorizedException',
      'Incorrect username or password.',
    );

    await c.send(new DeleteWebAuthnCredentialCommand({ AccessToken: token, CredentialId: key.id }));
    assert.deepEqual((await c.send(new ListWebAuthnCredentialsCommand({ AccessToken: token }))).Credentials, []);
    await rejectsWith(
      c.send(new DeleteWebAuthnCredentialCommand({ AccessToken: token, CredentialId: key.id })),
      'ResourceNotFoundException',
    );
    // Without a passkey, WEB_AUTHN is no longer offered.
    const choice = await userAuth(clientId, 'ada');
    assert.equal(choice.ChallengeName, 'SELECT_CHALLENGE');
    assert.deepEqual(choice.AvailableChallenges, ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP']);
  });

  test('passkey registration needs WEB_AUTHN allowed and a relying party', async () => {
    const plain = await poolWith({
      Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } },
    });
    await user(plain.poolId, 'bo', {});
    await rejectsWith(
      c.send(new StartWebAuthnRegistrationCommand({ AccessToken: await accessToken(plain.clientId, 'bo') })),
      'WebAuthnNotEnabledException',
    );
    const noRp = await poolWith();
    await user(noRp.poolId, 'bo', {});
    const token = await accessToken(noRp.clientId, 'bo');
    await rejectsWith(
      c.send(new StartWebAuthnRegistrationCommand({ AccessToken: token })),
      'WebAuthnConfigurationMissingException',
    );
    await rejectsWith(
      c.send(new ListWebAuthnCredentialsCommand({ AccessToken: 'not.a.token' })),
      'NotAuthorizedException',
    );
  });

  test('SELECT_CHALLENGE lists what the user has; EMAIL_OTP and SMS_OTP send codes that sign in', async () => {
    const { poolId, clientId } = await poolWith();
    await user(poolId, 'cy', { email: 'cy@example.com', phone_number: '+15555550123' });
    await user(poolId, 'di', { email: 'di@example.com' }, false);
    const choice = await userAuth(clientId, 'cy');
    assert.equal(choice.ChallengeName, 'SELECT_CHALLENGE');
    assert.deepEqual(choice.AvailableChallenges, ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP']);
    await rejectsWith(
      c.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: 'SELECT_CHALLENGE',
          Session: choice.Session,
          ChallengeResponses: { USERNAME: 'cy', ANSWER: 'WEB_AUTHN' },
        }),
      ),
      'InvalidParameterException',
    );

    // A user without a password (AdminCreateUser's temporary one aside) chooses email.
    const diChoice = await userAuth(clientId, 'di');
    assert.deepEqual(diChoice.AvailableChallenges, ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP']);
    const email = await c.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'SELECT_CHALLENGE',
        Session: diChoice.Session,
        ChallengeResponses: { USERNAME: 'di', ANSWER: 'EMAIL_OTP' },
      }),
    );
    assert.equal(email.ChallengeName, 'EMAIL_OTP');
    assert.equal(email.ChallengeParameters?.CODE_DELIVERY_DELIVERY_MEDIUM, 'EMAIL');
    const code = codeIn(await s.waitForEmail('di@example.com'));
    const wrong = await rejectsWith(
      c.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: 'EMAIL_OTP',
          Session: email.Session,
          ChallengeResponses: { USERNAME: 'di', EMAIL_OTP_CODE: code === '000000' ? '111111' : '000000' },
        }),
      ),
      'CodeMismatchException',
    );
    assert.ok(wrong);
    const again = await userAuth(clientId, 'di', { PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    assert.equal(again.ChallengeName, 'EMAIL_OTP');
    const code2 = codeIn(await s.waitForEmail('di@example.com', { after: 1 }));
    const done = await c.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'EMAIL_OTP',
        Session: again.Session,
        ChallengeResponses: { USERNAME: 'di', EMAIL_OTP_CODE: code2 },
      }),
    );
    assert.ok(done.AuthenticationResult?.IdToken);

    // SMS_OTP: the code goes to the SMS outbox.
    const sms = await userAuth(clientId, 'cy', { PREFERRED_CHALLENGE: 'SMS_OTP' });
    assert.equal(sms.ChallengeName, 'SMS_OTP');
    assert.equal(sms.ChallengeParameters?.CODE_DELIVERY_DELIVERY_MEDIUM, 'SMS');
    const smsCode = /\b(\d{6})\b/.exec(await lastSms('+15555550123'))![1];
    const bySms = await c.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'SMS_OTP',
        Session: sms.Session,
        ChallengeResponses: { USERNAME: 'cy', SMS_OTP_CODE: smsCode },
      }),
    );
    assert.ok(bySms.AuthenticationResult?.AccessToken);

    // PASSWORD chosen in the SELECT_CHALLENGE answer signs in at once.
    const cyChoice = await userAuth(clientId, 'cy');
    const byPassword = await c.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'SELECT_CHALLENGE',
        Session: cyChoice.Session,
        ChallengeResponses: { USERNAME: 'cy', ANSWER: 'PASSWORD', PASSWORD },
      }),
    );
    assert.ok(byPassword.AuthenticationResult?.AccessToken);
    const admin = await c.send(new AdminGetUserAuthFactorsCommand({ UserPoolId: poolId, Username: 'cy' }));
    assert.deepEqual(admin.ConfiguredUserAuthFactors, ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP']);
    await rejectsWith(
      c.send(new AdminGetUserAuthFactorsCommand({ UserPoolId: poolId, Username: 'nobody' })),
      'UserNotFoundException',
    );
  });

  test('MFA follows a password first factor; a user who must pass MFA is offered no code first factor', async () => {
    const { poolId, clientId } = await poolWith();
    await c.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId,
        MfaConfiguration: 'OPTIONAL',
        SmsMfaConfiguration: { SmsConfiguration: SMS },
      }),
    );
    await user(poolId, 'ed', { email: 'ed@example.com', phone_number: '+15555550124' });
    await c.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: poolId,
        Username: 'ed',
        SMSMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
    const choice = await userAuth(clientId, 'ed');
    assert.deepEqual(choice.AvailableChallenges, ['PASSWORD', 'PASSWORD_SRP']);
    const step = await userAuth(clientId, 'ed', { PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD });
    assert.equal(step.ChallengeName, 'SMS_MFA');
    const factors = await c.send(new AdminGetUserAuthFactorsCommand({ UserPoolId: poolId, Username: 'ed' }));
    assert.deepEqual(factors.UserMFASettingList, ['SMS_MFA']);
    assert.equal(factors.PreferredMfaSetting, 'SMS_MFA');
  });

  test('SignUp without a password where passwordless sign-in is allowed, then sign in by email', async () => {
    const { clientId } = await poolWith({ AutoVerifiedAttributes: ['email'] });
    const up = await c.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: 'fay',
        UserAttributes: [{ Name: 'email', Value: 'fay@example.com' }],
      }),
    );
    assert.equal(up.UserConfirmed, false);
    const code = codeIn(await s.waitForEmail('fay@example.com'));
    await c.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'fay', ConfirmationCode: code }));
    const choice = await userAuth(clientId, 'fay');
    assert.deepEqual(choice.AvailableChallenges, ['EMAIL_OTP']);
    // A password-only pool takes no user without a password.
    const plain = await poolWith({ Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD'] } } });
    await rejectsWith(
      c.send(new SignUpCommand({ ClientId: plain.clientId, Username: 'gus', Password: '' })),
      'InvalidParameterException',
    );
    // Unknown names and flows a client does not allow.
    await rejectsWith(userAuth(clientId, 'nobody'), 'UserNotFoundException', 'User does not exist.');
    await rejectsWith(userAuth(clientId, 'fay', { PREFERRED_CHALLENGE: 'CUSTOM' }), 'InvalidParameterException');
  });

  test('deleting the user takes their passkeys with them', async () => {
    const { poolId, clientId } = await passkeyPool();
    await user(poolId, 'hal', {});
    const key = new SoftwareAuthenticator('https://example.com');
    await register(await accessToken(clientId, 'hal'), key);
    await c.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'hal' }));
    await user(poolId, 'hal', {});
    const token = await accessToken(clientId, 'hal');
    assert.deepEqual((await c.send(new ListWebAuthnCredentialsCommand({ AccessToken: token }))).Credentials, []);
    // The same authenticator registers again: its credential id is free once more.
    await register(token, key);
    // AdminInitiateAuth takes USER_AUTH too; the pool goes with its users' passkeys.
    const admin = await c.send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AuthFlow: 'USER_AUTH',
        AuthParameters: { USERNAME: 'hal', PREFERRED_CHALLENGE: 'WEB_AUTHN' },
      }),
    );
    assert.equal(admin.ChallengeName, 'WEB_AUTHN');
    await c.send(new DeleteUserPoolCommand({ UserPoolId: poolId }));
  });
});
