// Device tracking through the AWS SDK: NewDeviceMetadata on a pool with DeviceConfiguration,
// ConfirmDevice, device SRP for remembered devices (in place of MFA with
// ChallengeRequiredOnNewDevice), refresh tokens bound to their device, the device operations and
// their refusals, and what signing out and deleting do to devices. The real client libraries run
// in devices-clients.test.ts.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminForgetDeviceCommand,
  AdminGetDeviceCommand,
  AdminInitiateAuthCommand,
  AdminListDevicesCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateDeviceStatusCommand,
  AdminUserGlobalSignOutCommand,
  AssociateSoftwareTokenCommand,
  ConfirmDeviceCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteUserPoolCommand,
  ForgetDeviceCommand,
  GetDeviceCommand,
  GetTokensFromRefreshTokenCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  ListDevicesCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  UpdateDeviceStatusCommand,
  VerifySoftwareTokenCommand,
  type AuthenticationResultType,
  type CognitoIdentityProviderClient,
  type CreateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { TOTP, Secret } from 'otpauth';
import { eachBackend, rejectsWith, startServer, testClock, type TestServer } from './support/server.js';
import { answerDeviceSrp, confirmDevice, type Device } from './support/device-srp.js';

const PASSWORD = 'Passw0rd!';
const payload = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
const attrs = (list: { Name?: string; Value?: string }[] | undefined) =>
  Object.fromEntries((list ?? []).map((a) => [a.Name, a.Value]));

eachBackend('device tracking', (backend) => {
  const clock = testClock();
  let s: TestServer;
  let c: CognitoIdentityProviderClient;

  /** A pool (with DeviceConfiguration unless told otherwise), its app client and a user with a password. */
  async function setup(extra: Partial<CreateUserPoolCommandInput> & { totp?: boolean }, username = 'dana') {
    const { totp, ...config } = extra;
    const UserPoolId = (await c.send(new CreateUserPoolCommand({ PoolName: 'devices', ...config }))).UserPool!.Id!;
    if (totp)
      await c.send(
        new SetUserPoolMfaConfigCommand({
          UserPoolId,
          MfaConfiguration: 'OPTIONAL',
          SoftwareTokenMfaConfiguration: { Enabled: true },
        }),
      );
    const ClientId = (
      await c.send(
        new CreateUserPoolClientCommand({
          UserPoolId,
          ClientName: 'app',
          ExplicitAuthFlows: [
            'ALLOW_USER_PASSWORD_AUTH',
            'ALLOW_ADMIN_USER_PASSWORD_AUTH',
            'ALLOW_USER_SRP_AUTH',
            'ALLOW_REFRESH_TOKEN_AUTH',
          ],
        }),
      )
    ).UserPoolClient!.ClientId!;
    await c.send(new AdminCreateUserCommand({ UserPoolId, Username: username, MessageAction: 'SUPPRESS' }));
    await c.send(
      new AdminSetUserPasswordCommand({ UserPoolId, Username: username, Password: PASSWORD, Permanent: true }),
    );
    const signIn = (params: Record<string, string> = {}) =>
      c.send(
        new InitiateAuthCommand({
          ClientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: username, PASSWORD, ...params },
        }),
      );
    return { UserPoolId, ClientId, username, signIn };
  }
  const ALWAYS = {
    DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
  };

  before(async () => {
    s = await startServer({ backend, now: clock.now });
    c = s.cognito();
  });
  after(() => s.stop());

  test('a sign-in gets NewDeviceMetadata; ConfirmDevice registers that key once, and GetDevice shows it', async () => {
    const p = await setup(ALWAYS);
    const first = (await p.signIn()).AuthenticationResult!;
    const meta = first.NewDeviceMetadata!;
    assert.match(meta.DeviceKey!, /^us-east-1_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.ok(meta.DeviceGroupKey);
    assert.equal(payload(first.AccessToken!).device_key, meta.DeviceKey);
    // The key is the sign-in's: another one is refused.
    const other = (await p.signIn()).AuthenticationResult!;
    assert.notEqual(other.NewDeviceMetadata!.DeviceKey, meta.DeviceKey);
    assert.equal(other.NewDeviceMetadata!.DeviceGroupKey, meta.DeviceGroupKey, 'one group per user');
    await rejectsWith(
      c.send(
        new ConfirmDeviceCommand({ AccessToken: first.AccessToken!, DeviceKey: other.NewDeviceMetadata!.DeviceKey! }),
      ),
      'InvalidParameterException',
      'Invalid device key given.',
    );
    const { device, UserConfirmationNecessary } = await confirmDevice(c, first, 'Dana’s laptop');
    assert.equal(UserConfirmationNecessary, false);
    await rejectsWith(
      c.send(new ConfirmDeviceCommand({ AccessToken: first.AccessToken!, DeviceKey: device.key })),
      'DeviceKeyExistsException',
    );
    const got = (await c.send(new GetDeviceCommand({ AccessToken: first.AccessToken!, DeviceKey: device.key })))
      .Device!;
    assert.equal(got.DeviceKey, device.key);
    const a = attrs(got.DeviceAttributes);
    assert.equal(a.device_status, 'valid');
    assert.equal(a.device_name, 'Dana’s laptop');
    assert.equal(a['dev:device_remembered_status'], 'remembered');
    assert.match(a.last_ip_used, /^(127\.0\.0\.1|::1)$/);
    assert.equal(a['dev:device_owner'], `dana.${p.UserPoolId}`);
    assert.match(a['dev:device_arn'], new RegExp(`:owner/dana\\.${p.UserPoolId}/device/${device.key}$`));
    assert.ok(got.DeviceCreateDate instanceof Date && got.DeviceLastModifiedDate && got.DeviceLastAuthenticatedDate);
    // The administrator sees the same device by pool and user name.
    const admin = (
      await c.send(new AdminGetDeviceCommand({ UserPoolId: p.UserPoolId, Username: 'dana', DeviceKey: device.key }))
    ).Device!;
    assert.deepEqual(admin.DeviceAttributes, got.DeviceAttributes);
    await rejectsWith(
      c.send(new AdminGetDeviceCommand({ UserPoolId: p.UserPoolId, Username: 'nobody', DeviceKey: device.key })),
      'UserNotFoundException',
      'User does not exist.',
    );
    await rejectsWith(
      c.send(
        new GetDeviceCommand({
          AccessToken: first.AccessToken!,
          DeviceKey: 'us-east-1_00000000-0000-0000-0000-000000000000',
        }),
      ),
      'ResourceNotFoundException',
      'Device does not exist.',
    );
    await rejectsWith(
      c.send(new GetDeviceCommand({ AccessToken: 'not-a-token', DeviceKey: device.key })),
      'NotAuthorizedException',
      'Invalid Access Token',
    );
    await rejectsWith(
      c.send(new GetDeviceCommand({ AccessToken: first.AccessToken!, DeviceKey: 'no underscore' })),
      'InvalidParameterException',
      /deviceKey/,
    );
  });

  test('a remembered device signs in with device SRP; a wrong proof and a replayed step are refused', async () => {
    const p = await setup(ALWAYS);
    const { device } = await confirmDevice(c, (await p.signIn()).AuthenticationResult!);
    const before = (
      await c.send(new AdminGetDeviceCommand({ UserPoolId: p.UserPoolId, Username: p.username, DeviceKey: device.key }))
    ).Device!;
    clock.advance(5_000);
    const start = await p.signIn({ DEVICE_KEY: device.key });
    assert.equal(start.ChallengeName, 'DEVICE_SRP_AUTH');
    assert.equal(start.ChallengeParameters!.USERNAME, p.username);
    const done = await answerDeviceSrp(c, p.ClientId, p.username, start.Session!, device);
    const result = done.AuthenticationResult!;
    assert.equal(result.NewDeviceMetadata, undefined, 'a known device gets no new key');
    assert.equal(payload(result.AccessToken!).device_key, device.key);
    const afterAuth = (await c.send(new GetDeviceCommand({ AccessToken: result.AccessToken!, DeviceKey: device.key })))
      .Device!;
    assert.ok(afterAuth.DeviceLastAuthenticatedDate!.getTime() > before.DeviceLastAuthenticatedDate!.getTime());

    const again = await p.signIn({ DEVICE_KEY: device.key });
    await rejectsWith(
      answerDeviceSrp(c, p.ClientId, p.username, again.Session!, device, 'not the device password'),
      'NotAuthorizedException',
      'Incorrect username or password.',
    );
    // The DEVICE_SRP_AUTH session answered once.
    await rejectsWith(
      answerDeviceSrp(c, p.ClientId, p.username, again.Session!, device),
      'NotAuthorizedException',
      'Invalid session for the user, session can only be used once.',
    );
    // An unknown device key is refused, as clients expect to retry without it.
    await rejectsWith(
      p.signIn({ DEVICE_KEY: 'us-east-1_00000000-0000-0000-0000-000000000000' }),
      'ResourceNotFoundException',
      'Device does not exist.',
    );
  });

  test('ChallengeRequiredOnNewDevice: a remembered device answers in place of MFA; a not remembered one meets MFA', async () => {
    const p = await setup({
      ...ALWAYS,
      totp: true,
    });
    // The user turns on an authenticator app.
    const plain = (await p.signIn()).AuthenticationResult!;
    const { SecretCode } = await c.send(new AssociateSoftwareTokenCommand({ AccessToken: plain.AccessToken! }));
    const code = () => TOTP.generate({ secret: Secret.fromBase32(SecretCode!), timestamp: clock.now() });
    await c.send(new VerifySoftwareTokenCommand({ AccessToken: plain.AccessToken!, UserCode: code() }));
    await c.send(
      new SetUserMFAPreferenceCommand({
        AccessToken: plain.AccessToken!,
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
    const answerMfa = async (session: string, extra: Record<string, string> = {}) => {
      clock.advance(30_000);
      return c.send(
        new RespondToAuthChallengeCommand({
          ClientId: p.ClientId,
          ChallengeName: 'SOFTWARE_TOKEN_MFA',
          Session: session,
          ChallengeResponses: { USERNAME: p.username, SOFTWARE_TOKEN_MFA_CODE: code(), ...extra },
        }),
      );
    };
    // A new device: MFA, then a new device key.
    const mfa = await p.signIn();
    assert.equal(mfa.ChallengeName, 'SOFTWARE_TOKEN_MFA');
    const result = (await answerMfa(mfa.Session!)).AuthenticationResult!;
    const { device } = await confirmDevice(c, result);
    // Remembered: device SRP and no MFA.
    const remembered = await p.signIn({ DEVICE_KEY: device.key });
    assert.equal(remembered.ChallengeName, 'DEVICE_SRP_AUTH');
    assert.ok((await answerDeviceSrp(c, p.ClientId, p.username, remembered.Session!, device)).AuthenticationResult);
    // Not remembered: MFA again, no device SRP, no new key; the tokens are the device's.
    await c.send(
      new UpdateDeviceStatusCommand({
        AccessToken: result.AccessToken!,
        DeviceKey: device.key,
        DeviceRememberedStatus: 'not_remembered',
      }),
    );
    const forgotten = await p.signIn({ DEVICE_KEY: device.key });
    assert.equal(forgotten.ChallengeName, 'SOFTWARE_TOKEN_MFA');
    const end = (await answerMfa(forgotten.Session!, { DEVICE_KEY: device.key })).AuthenticationResult!;
    assert.equal(end.NewDeviceMetadata, undefined);
    assert.equal(payload(end.AccessToken!).device_key, device.key);
  });

  test('without ChallengeRequiredOnNewDevice a remembered device proves itself after MFA', async () => {
    const p = await setup({
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false },
      totp: true,
    });
    const plain = (await p.signIn()).AuthenticationResult!;
    const { SecretCode } = await c.send(new AssociateSoftwareTokenCommand({ AccessToken: plain.AccessToken! }));
    const code = () => TOTP.generate({ secret: Secret.fromBase32(SecretCode!), timestamp: clock.now() });
    await c.send(new VerifySoftwareTokenCommand({ AccessToken: plain.AccessToken!, UserCode: code() }));
    await c.send(
      new SetUserMFAPreferenceCommand({ AccessToken: plain.AccessToken!, SoftwareTokenMfaSettings: { Enabled: true } }),
    );
    const { device } = await confirmDevice(c, plain);
    const start = await p.signIn({ DEVICE_KEY: device.key });
    assert.equal(start.ChallengeName, 'SOFTWARE_TOKEN_MFA');
    clock.advance(30_000);
    const mfa = await c.send(
      new RespondToAuthChallengeCommand({
        ClientId: p.ClientId,
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        Session: start.Session!,
        ChallengeResponses: { USERNAME: p.username, SOFTWARE_TOKEN_MFA_CODE: code(), DEVICE_KEY: device.key },
      }),
    );
    assert.equal(mfa.ChallengeName, 'DEVICE_SRP_AUTH');
    assert.ok((await answerDeviceSrp(c, p.ClientId, p.username, mfa.Session!, device)).AuthenticationResult);
  });

  test('DeviceOnlyRememberedOnUserPrompt: the device is remembered once the user says so', async () => {
    const p = await setup({ DeviceConfiguration: { DeviceOnlyRememberedOnUserPrompt: true } });
    const first = (await p.signIn()).AuthenticationResult!;
    const { device, UserConfirmationNecessary } = await confirmDevice(c, first);
    assert.equal(UserConfirmationNecessary, true);
    const got = await c.send(new GetDeviceCommand({ AccessToken: first.AccessToken!, DeviceKey: device.key }));
    assert.equal(attrs(got.Device!.DeviceAttributes)['dev:device_remembered_status'], 'not_remembered');
    // Not remembered: the device's key signs in without device SRP.
    const plain = await p.signIn({ DEVICE_KEY: device.key });
    assert.equal(plain.ChallengeName, undefined);
    assert.equal(plain.AuthenticationResult!.NewDeviceMetadata, undefined);
    await c.send(
      new AdminUpdateDeviceStatusCommand({
        UserPoolId: p.UserPoolId,
        Username: p.username,
        DeviceKey: device.key,
        DeviceRememberedStatus: 'remembered',
      }),
    );
    assert.equal((await p.signIn({ DEVICE_KEY: device.key })).ChallengeName, 'DEVICE_SRP_AUTH');
    await rejectsWith(
      c.send(
        new UpdateDeviceStatusCommand({
          AccessToken: first.AccessToken!,
          DeviceKey: device.key,
          DeviceRememberedStatus: 'forever' as 'remembered',
        }),
      ),
      'InvalidParameterException',
      /deviceRememberedStatus/,
    );
    await rejectsWith(
      c.send(
        new AdminUpdateDeviceStatusCommand({
          UserPoolId: p.UserPoolId,
          Username: p.username,
          DeviceKey: 'us-east-1_00000000-0000-0000-0000-000000000000',
          DeviceRememberedStatus: 'remembered',
        }),
      ),
      'ResourceNotFoundException',
      'Device does not exist.',
    );
  });

  test("a device's refresh tokens need its DEVICE_KEY, once confirmed, until it is forgotten", async () => {
    const p = await setup(ALWAYS);
    const result = (await p.signIn()).AuthenticationResult!;
    const key = result.NewDeviceMetadata!.DeviceKey!;
    const refresh = (params: Record<string, string> = {}) =>
      c.send(
        new InitiateAuthCommand({
          ClientId: p.ClientId,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: result.RefreshToken!, ...params },
        }),
      );
    // Not confirmed yet: the refresh is refused, with the key or without (as AWS answers).
    await rejectsWith(refresh({ DEVICE_KEY: key }), 'NotAuthorizedException', 'Invalid Refresh Token.');
    const { device } = await confirmDevice(c, result);
    await rejectsWith(refresh(), 'NotAuthorizedException', 'Invalid Refresh Token.');
    const renewed = (await refresh({ DEVICE_KEY: device.key })).AuthenticationResult!;
    assert.equal(payload(renewed.AccessToken!).device_key, device.key);
    assert.equal(renewed.NewDeviceMetadata, undefined);
    const got = await c.send(
      new GetTokensFromRefreshTokenCommand({
        ClientId: p.ClientId,
        RefreshToken: result.RefreshToken!,
        DeviceKey: device.key,
      }),
    );
    assert.ok(got.AuthenticationResult!.AccessToken);
    await c.send(new ForgetDeviceCommand({ AccessToken: renewed.AccessToken!, DeviceKey: device.key }));
    await rejectsWith(refresh({ DEVICE_KEY: device.key }), 'NotAuthorizedException', 'Invalid Refresh Token.');
    await rejectsWith(
      c.send(new ForgetDeviceCommand({ AccessToken: renewed.AccessToken!, DeviceKey: device.key })),
      'ResourceNotFoundException',
      'Device does not exist.',
    );
    // Forgotten: its key no longer signs in.
    await rejectsWith(p.signIn({ DEVICE_KEY: device.key }), 'ResourceNotFoundException', 'Device does not exist.');
  });

  test('ListDevices and AdminListDevices page through the user’s devices', async () => {
    const p = await setup(ALWAYS);
    const devices: Device[] = [];
    let token = '';
    for (let i = 0; i < 3; i++) {
      const r = (await p.signIn()).AuthenticationResult!;
      devices.push((await confirmDevice(c, r, `device ${i}`)).device);
      token = r.AccessToken!;
    }
    const keys = devices.map((d) => d.key).sort();
    const first = await c.send(new ListDevicesCommand({ AccessToken: token, Limit: 2 }));
    assert.equal(first.Devices!.length, 2);
    assert.ok(first.PaginationToken);
    const second = await c.send(
      new ListDevicesCommand({ AccessToken: token, Limit: 2, PaginationToken: first.PaginationToken }),
    );
    assert.equal(second.PaginationToken, undefined);
    assert.deepEqual(
      [...first.Devices!, ...second.Devices!].map((d) => d.DeviceKey),
      keys,
    );
    const all = await c.send(new AdminListDevicesCommand({ UserPoolId: p.UserPoolId, Username: p.username }));
    assert.deepEqual(
      all.Devices!.map((d) => d.DeviceKey),
      keys,
    );
    await rejectsWith(
      c.send(new ListDevicesCommand({ AccessToken: token, Limit: 61 })),
      'InvalidParameterException',
      /Member must have value less than or equal to 60/,
    );
    await rejectsWith(
      c.send(
        new ListDevicesCommand({ AccessToken: token, PaginationToken: Buffer.from('{"x":1}').toString('base64') }),
      ),
      'InvalidParameterException',
    );
    await c.send(new AdminForgetDeviceCommand({ UserPoolId: p.UserPoolId, Username: p.username, DeviceKey: keys[0] }));
    const left = await c.send(
      new AdminListDevicesCommand({ UserPoolId: p.UserPoolId, Username: p.username, Limit: 60 }),
    );
    assert.deepEqual(
      left.Devices!.map((d) => d.DeviceKey),
      keys.slice(1),
    );
  });

  test('a pool without DeviceConfiguration tracks nothing', async () => {
    const p = await setup({});
    const result = (await p.signIn({ DEVICE_KEY: 'us-east-1_00000000-0000-0000-0000-000000000000' }))
      .AuthenticationResult!;
    assert.equal(result.NewDeviceMetadata, undefined);
    assert.equal(payload(result.AccessToken!).device_key, undefined);
    await rejectsWith(
      c.send(
        new ConfirmDeviceCommand({
          AccessToken: result.AccessToken!,
          DeviceKey: 'us-east-1_00000000-0000-0000-0000-000000000000',
        }),
      ),
      'InvalidParameterException',
      'Invalid device key given.',
    );
    assert.deepEqual((await c.send(new ListDevicesCommand({ AccessToken: result.AccessToken! }))).Devices, []);
  });

  test('signing out keeps devices; deleting the user or the pool removes them', async () => {
    const p = await setup(ALWAYS);
    const first = (await p.signIn()).AuthenticationResult!;
    const { device } = await confirmDevice(c, first);
    await c.send(new GlobalSignOutCommand({ AccessToken: first.AccessToken! }));
    await c.send(new AdminUserGlobalSignOutCommand({ UserPoolId: p.UserPoolId, Username: p.username }));
    // The device stays remembered: the next sign-in still proves it.
    const start = await p.signIn({ DEVICE_KEY: device.key });
    assert.equal(start.ChallengeName, 'DEVICE_SRP_AUTH');
    const tokens = (await answerDeviceSrp(c, p.ClientId, p.username, start.Session!, device)).AuthenticationResult!;
    assert.equal((await c.send(new ListDevicesCommand({ AccessToken: tokens.AccessToken! }))).Devices!.length, 1);
    // A user made again under the same name has none of the old user's devices.
    await c.send(new AdminDeleteUserCommand({ UserPoolId: p.UserPoolId, Username: p.username }));
    await c.send(
      new AdminCreateUserCommand({ UserPoolId: p.UserPoolId, Username: p.username, MessageAction: 'SUPPRESS' }),
    );
    assert.deepEqual(
      (await c.send(new AdminListDevicesCommand({ UserPoolId: p.UserPoolId, Username: p.username }))).Devices,
      [],
    );
    const q = await setup(ALWAYS, 'erin');
    await confirmDevice(c, (await q.signIn()).AuthenticationResult!);
    const count = () =>
      s.running.store.db
        .selectFrom('devices')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('pool_id', '=', q.UserPoolId)
        .executeTakeFirstOrThrow();
    assert.equal(Number((await count()).n), 1);
    await c.send(new DeleteUserPoolCommand({ UserPoolId: q.UserPoolId }));
    assert.equal(Number((await count()).n), 0);
  });

  test('AdminInitiateAuth hands out and takes device keys too', async () => {
    const p = await setup(ALWAYS);
    const admin = (params: Record<string, string> = {}) =>
      c.send(
        new AdminInitiateAuthCommand({
          UserPoolId: p.UserPoolId,
          ClientId: p.ClientId,
          AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: p.username, PASSWORD, ...params },
        }),
      );
    const result: AuthenticationResultType = (await admin()).AuthenticationResult!;
    const { device } = await confirmDevice(c, result);
    assert.equal((await admin({ DEVICE_KEY: device.key })).ChallengeName, 'DEVICE_SRP_AUTH');
  });
});
