// Device tracking as apps do it, against cognate unchanged. amazon-cognito-identity-js:
// authenticateUser confirms the new device itself (ConfirmDevice), setDeviceStatusRemembered
// remembers it, the next sign-in goes through DEVICE_SRP_AUTH with the device password the library
// keeps, listDevices and forgetDevice. Amplify v6: signIn confirms the device, rememberDevice,
// a sign-in after signOut proves the device, fetchAuthSession refreshes with its DeviceKey,
// fetchDevices and forgetDevice. Amplify is one configuration per process: SQLite only.
import { before, after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, fetchDevices, forgetDevice, rememberDevice, signIn, signOut } from 'aws-amplify/auth';
import identity from 'amazon-cognito-identity-js';
import type { CognitoUserSession } from 'amazon-cognito-identity-js';
import {
  AdminCreateUserCommand,
  AdminForgetDeviceCommand,
  AdminGetDeviceCommand,
  AdminListDevicesCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { eachBackend, startServer, testClock, type TestServer } from './support/server.js';

const { CognitoUserPool, CognitoUser, AuthenticationDetails } = identity;
const PASSWORD = 'Passw0rd!';
const payload = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));

/** A pool that remembers devices once the user says so, an app client and a user. */
async function promptPool(c: CognitoIdentityProviderClient, username: string) {
  const UserPoolId = (
    await c.send(
      new CreateUserPoolCommand({
        PoolName: 'devices',
        DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
      }),
    )
  ).UserPool!.Id!;
  const ClientId = (await c.send(new CreateUserPoolClientCommand({ UserPoolId, ClientName: 'app' }))).UserPoolClient!
    .ClientId!;
  await c.send(new AdminCreateUserCommand({ UserPoolId, Username: username, MessageAction: 'SUPPRESS' }));
  await c.send(
    new AdminSetUserPasswordCommand({ UserPoolId, Username: username, Password: PASSWORD, Permanent: true }),
  );
  return { UserPoolId, ClientId };
}

eachBackend('device tracking with amazon-cognito-identity-js', (backend) => {
  const clock = testClock();
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  before(async () => {
    s = await startServer({ backend, now: clock.now });
    c = s.cognito();
  });
  after(() => s.stop());

  test('authenticateUser confirms the device; once remembered, the next sign-in proves it with device SRP', async () => {
    const { UserPoolId, ClientId } = await promptPool(c, 'ivy');
    const pool = new CognitoUserPool({ UserPoolId, ClientId, endpoint: s.url });
    const signInOnce = () => {
      const user = new CognitoUser({ Username: 'ivy', Pool: pool });
      return new Promise<{ user: typeof user; session: CognitoUserSession; confirm?: boolean }>((resolve, reject) =>
        user.authenticateUser(new AuthenticationDetails({ Username: 'ivy', Password: PASSWORD }), {
          onSuccess: (session, confirm) => resolve({ user, session, confirm }),
          onFailure: reject,
        }),
      );
    };
    const first = await signInOnce();
    assert.equal(first.confirm, true, 'the pool asks the user whether to remember the device');
    const key = payload(first.session.getAccessToken().getJwtToken()).device_key as string;
    await new Promise((resolve, reject) =>
      first.user.setDeviceStatusRemembered({ onSuccess: resolve, onFailure: reject }),
    );
    const confirmed = (await c.send(new AdminGetDeviceCommand({ UserPoolId, Username: 'ivy', DeviceKey: key })))
      .Device!;

    clock.advance(60_000);
    const second = await signInOnce();
    assert.equal(payload(second.session.getAccessToken().getJwtToken()).device_key, key);
    const proven = (await c.send(new AdminGetDeviceCommand({ UserPoolId, Username: 'ivy', DeviceKey: key }))).Device!;
    // DEVICE_PASSWORD_VERIFIER succeeded: the device's last authentication moved; no second device.
    assert.ok(proven.DeviceLastAuthenticatedDate!.getTime() > confirmed.DeviceLastAuthenticatedDate!.getTime());

    const listed = await new Promise<{ Devices: { DeviceKey: string }[] }>((resolve, reject) =>
      second.user.listDevices(10, null, { onSuccess: resolve, onFailure: reject }),
    );
    assert.deepEqual(
      listed.Devices.map((d) => d.DeviceKey),
      [key],
    );

    // Forgotten behind the library's back: the key it keeps answers "Device does not exist.", and
    // the library answers PASSWORD_VERIFIER again with ChallengeResponses {"DEVICE_KEY": null},
    // which signs in as a new device (as on AWS).
    await c.send(new AdminForgetDeviceCommand({ UserPoolId, Username: 'ivy', DeviceKey: key }));
    clock.advance(60_000);
    const third = await signInOnce();
    const newKey = payload(third.session.getAccessToken().getJwtToken()).device_key as string;
    assert.ok(newKey && newKey !== key, 'signed in as a new device');

    await new Promise((resolve, reject) => third.user.forgetDevice({ onSuccess: resolve, onFailure: reject }));
    assert.deepEqual((await c.send(new AdminListDevicesCommand({ UserPoolId, Username: 'ivy' }))).Devices, []);
  });
});

describe('device tracking with Amplify v6', () => {
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  before(async () => {
    s = await startServer();
    c = s.cognito();
    // Amplify names the device from the browser's navigator (@aws-amplify/core getDeviceName); Node 20 has none.
    if (!('navigator' in globalThis))
      Object.defineProperty(globalThis, 'navigator', { value: { userAgent: 'cognate test' }, configurable: true });
  });
  after(() => s.stop());

  test('signIn confirms the device, rememberDevice, device SRP after signOut, refresh, fetchDevices, forgetDevice', async () => {
    const { UserPoolId, ClientId } = await promptPool(c, 'jay');
    Amplify.configure({
      Auth: { Cognito: { userPoolId: UserPoolId, userPoolClientId: ClientId, userPoolEndpoint: s.url } },
    });
    assert.equal((await signIn({ username: 'jay', password: PASSWORD })).isSignedIn, true);
    const key = (await fetchAuthSession()).tokens!.accessToken.payload.device_key as string;
    assert.ok(key);
    await rememberDevice();
    const before = (await c.send(new AdminGetDeviceCommand({ UserPoolId, Username: 'jay', DeviceKey: key }))).Device!;
    await signOut();

    await new Promise((r) => setTimeout(r, 1100));
    assert.equal((await signIn({ username: 'jay', password: PASSWORD })).isSignedIn, true);
    const after = (await c.send(new AdminGetDeviceCommand({ UserPoolId, Username: 'jay', DeviceKey: key }))).Device!;
    assert.ok(after.DeviceLastAuthenticatedDate!.getTime() > before.DeviceLastAuthenticatedDate!.getTime());
    // The refresh names the device (GetTokensFromRefreshToken's DeviceKey).
    const refreshed = await fetchAuthSession({ forceRefresh: true });
    assert.equal(refreshed.tokens!.accessToken.payload.device_key, key);

    const devices = await fetchDevices();
    assert.deepEqual(
      devices.map((d) => d.id),
      [key],
    );
    assert.equal(devices[0].attributes['dev:device_remembered_status'], 'remembered');
    await forgetDevice();
    assert.deepEqual((await c.send(new AdminListDevicesCommand({ UserPoolId, Username: 'jay' }))).Devices, []);
    await signOut();
  });
});
