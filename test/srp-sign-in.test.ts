// Sign-in as apps do it: amazon-cognito-identity-js's CognitoUser.authenticateUser runs
// USER_SRP_AUTH (the password never leaves the client) against cognate, unchanged.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import identity from 'amazon-cognito-identity-js';
import type { CognitoUserSession, ICognitoUserPoolData } from 'amazon-cognito-identity-js';
import {
  CreateUserPoolCommand,
  CreateUserPoolClientCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  AdminGetUserCommand,
  AdminResetUserPasswordCommand,
  SetUserPoolMfaConfigCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { TOTP, Secret } from 'otpauth';
import { eachBackend, startServer, testClock, type TestServer } from './support/server.js';

const { CognitoUserPool, CognitoUser, AuthenticationDetails } = identity;

type Outcome =
  | { kind: 'success'; session: CognitoUserSession }
  | { kind: 'failure'; error: Error & { code?: string } }
  | { kind: 'newPassword'; user: InstanceType<typeof CognitoUser>; attributes: Record<string, string> };

/** CognitoUser.authenticateUser, as a promise of whichever callback it calls. */
function authenticate(
  pool: InstanceType<typeof CognitoUserPool>,
  Username: string,
  Password: string,
): Promise<Outcome> {
  const user = new CognitoUser({ Username, Pool: pool });
  return new Promise((resolve) =>
    user.authenticateUser(new AuthenticationDetails({ Username, Password }), {
      onSuccess: (session) => resolve({ kind: 'success', session }),
      onFailure: (error: Error & { code?: string }) => resolve({ kind: 'failure', error }),
      newPasswordRequired: (attributes: Record<string, string>) => resolve({ kind: 'newPassword', user, attributes }),
    }),
  );
}

eachBackend('SRP sign-in with amazon-cognito-identity-js', (backend) => {
  const clock = testClock();
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  let poolId: string;
  let pool: InstanceType<typeof CognitoUserPool>;
  let hidingPool: InstanceType<typeof CognitoUserPool>;
  before(async () => {
    s = await startServer({ backend, now: clock.now });
    c = s.cognito();
    poolId = (await c.send(new CreateUserPoolCommand({ PoolName: 'srp', AliasAttributes: ['email'] }))).UserPool!.Id!;
    const client = async (extra = {}) =>
      (await c.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web', ...extra })))
        .UserPoolClient!.ClientId!;
    const data = (ClientId: string): ICognitoUserPoolData => ({ UserPoolId: poolId, ClientId, endpoint: s.url });
    pool = new CognitoUserPool(data(await client()));
    hidingPool = new CognitoUserPool(data(await client({ PreventUserExistenceErrors: 'ENABLED' })));
    await c.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'sara',
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: 'sara@example.com' },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    await c.send(
      new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'sara', Password: 'Passw0rd!', Permanent: true }),
    );
  });
  after(() => s.stop());

  test('the right password signs in; the tokens name the user', async () => {
    const out = await authenticate(pool, 'sara', 'Passw0rd!');
    assert.equal(out.kind, 'success', out.kind === 'failure' ? out.error.message : '');
    const session = (out as { session: CognitoUserSession }).session;
    assert.equal(session.isValid(), true);
    assert.equal(session.getIdToken().payload['cognito:username'], 'sara');
    assert.equal(session.getAccessToken().payload.username, 'sara');
    assert.ok(session.getRefreshToken().getToken());
  });

  test('a verified email alias signs in as the user it names', async () => {
    const out = await authenticate(pool, 'sara@example.com', 'Passw0rd!');
    assert.equal(out.kind, 'success', out.kind === 'failure' ? out.error.message : '');
    assert.equal((out as { session: CognitoUserSession }).session.getIdToken().payload['cognito:username'], 'sara');
  });

  test('a wrong password, an unknown user, a hiding client', async () => {
    const wrong = await authenticate(pool, 'sara', 'Wr0ng-password');
    assert.deepEqual(wrong.kind === 'failure' && [wrong.error.code, wrong.error.message], [
      'NotAuthorizedException',
      'Incorrect username or password.',
    ]);
    const unknown = await authenticate(pool, 'nobody', 'Passw0rd!');
    assert.deepEqual(unknown.kind === 'failure' && [unknown.error.code, unknown.error.message], [
      'UserNotFoundException',
      'User does not exist.',
    ]);
    const hidden = await authenticate(hidingPool, 'nobody', 'Passw0rd!');
    assert.deepEqual(hidden.kind === 'failure' && [hidden.error.code, hidden.error.message], [
      'NotAuthorizedException',
      'Incorrect username or password.',
    ]);
  });

  test('a password reset by an administrator: PasswordResetRequiredException, before the proof unless the client hides users', async () => {
    await c.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'rosa',
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: 'rosa@example.com' },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    await c.send(
      new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'rosa', Password: 'Passw0rd!', Permanent: true }),
    );
    await c.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: 'rosa' }));
    const failure = async (p: InstanceType<typeof CognitoUserPool>, password: string) => {
      const out = await authenticate(p, 'rosa', password);
      return out.kind === 'failure' && [out.error.code, out.error.message];
    };
    const reset = ['PasswordResetRequiredException', 'Password reset required for the user'];
    assert.deepEqual(await failure(pool, 'Wr0ng-password'), reset);
    assert.deepEqual(await failure(pool, 'Passw0rd!'), reset);
    assert.deepEqual(await failure(hidingPool, 'Wr0ng-password'), [
      'NotAuthorizedException',
      'Incorrect username or password.',
    ]);
    assert.deepEqual(await failure(hidingPool, 'Passw0rd!'), reset);
  });

  test('a temporary password: newPasswordRequired, then completeNewPasswordChallenge signs in', async () => {
    await c.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'tom',
        TemporaryPassword: 'Temp0rary!',
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: 'tom@example.com' }],
      }),
    );
    const out = await authenticate(pool, 'tom', 'Temp0rary!');
    assert.equal(out.kind, 'newPassword', out.kind === 'failure' ? out.error.message : '');
    const { user, attributes } = out as { user: InstanceType<typeof CognitoUser>; attributes: Record<string, string> };
    assert.equal(attributes.email, 'tom@example.com');
    delete attributes.email_verified;
    delete attributes.email;
    const session = await new Promise<CognitoUserSession>((resolve, reject) =>
      user.completeNewPasswordChallenge('N3w-passw0rd', attributes, { onSuccess: resolve, onFailure: reject }),
    );
    assert.equal(session.getIdToken().payload['cognito:username'], 'tom');
    assert.equal(
      (await c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'tom' }))).UserStatus,
      'CONFIRMED',
    );
    assert.equal((await authenticate(pool, 'tom', 'N3w-passw0rd')).kind, 'success');
  });

  test('MFA ON: mfaSetup, associateSoftwareToken and verifySoftwareToken; then totpRequired and sendMFACode', async () => {
    const mfaPoolId = (await c.send(new CreateUserPoolCommand({ PoolName: 'srp-totp' }))).UserPool!.Id!;
    await c.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: mfaPoolId,
        MfaConfiguration: 'ON',
        SoftwareTokenMfaConfiguration: { Enabled: true },
      }),
    );
    const ClientId = (await c.send(new CreateUserPoolClientCommand({ UserPoolId: mfaPoolId, ClientName: 'web' })))
      .UserPoolClient!.ClientId!;
    const mfaPool = new CognitoUserPool({ UserPoolId: mfaPoolId, ClientId, endpoint: s.url });
    await c.send(new AdminCreateUserCommand({ UserPoolId: mfaPoolId, Username: 'uma', MessageAction: 'SUPPRESS' }));
    await c.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: mfaPoolId,
        Username: 'uma',
        Password: 'Passw0rd!',
        Permanent: true,
      }),
    );
    const code = (secret: string) => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: clock.now() });

    const user = new CognitoUser({ Username: 'uma', Pool: mfaPool });
    let secret = '';
    const session = await new Promise<CognitoUserSession>((resolve, reject) =>
      user.authenticateUser(new AuthenticationDetails({ Username: 'uma', Password: 'Passw0rd!' }), {
        onSuccess: resolve,
        onFailure: reject,
        mfaSetup: () =>
          user.associateSoftwareToken({
            associateSecretCode: (s: string) => {
              secret = s;
              user.verifySoftwareToken(code(s), 'phone', { onSuccess: resolve, onFailure: reject });
            },
            onFailure: reject,
          }),
      }),
    );
    assert.equal(session.getIdToken().payload['cognito:username'], 'uma');

    clock.advance(30_000);
    const again = new CognitoUser({ Username: 'uma', Pool: mfaPool });
    const second = await new Promise<CognitoUserSession>((resolve, reject) =>
      again.authenticateUser(new AuthenticationDetails({ Username: 'uma', Password: 'Passw0rd!' }), {
        onSuccess: resolve,
        onFailure: reject,
        totpRequired: (challengeName: string) =>
          again.sendMFACode(code(secret), { onSuccess: resolve, onFailure: reject }, challengeName),
      }),
    );
    assert.ok(second.isValid());
  });
});
