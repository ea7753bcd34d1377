// Signing in with a password, the tokens it yields as a token verifier sees them, and what the
// access token unlocks; refresh, sign-out and revocation; lockout; temporary passwords.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import {
  CreateUserPoolCommand,
  CreateUserPoolClientCommand,
  SignUpCommand,
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  InitiateAuthCommand,
  AdminInitiateAuthCommand,
  RespondToAuthChallengeCommand,
  AdminRespondToAuthChallengeCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  AdminUserGlobalSignOutCommand,
  RevokeTokenCommand,
  ChangePasswordCommand,
  AdminSetUserPasswordCommand,
  DeleteUserCommand,
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  AdminResetUserPasswordCommand,
  CreateGroupCommand,
  AdminAddUserToGroupCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { JwtRsaVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { eachBackend, startServer, rejectsWith, testClock, type TestServer } from './support/server.js';
import type { ExplicitAuthFlowsType } from '@aws-sdk/client-cognito-identity-provider';

const PASSWORD = 'Passw0rd!';
const claims = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;

/** aws-jwt-verify fetches JWKS over HTTPS only; cognate in a test speaks HTTP, so hand it a fetcher that does. */
const httpJwksCache = () =>
  new SimpleJwksCache({ fetcher: { fetch: async (uri: string) => (await fetch(uri)).arrayBuffer() } });

eachBackend('sign-in with a password', (backend) => {
  const clock = testClock();
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  let poolId: string;
  let clientId: string;
  let srpOnly: string;
  let hiding: string;
  const signIn = (Username: string, Password = PASSWORD, ClientId = clientId) =>
    c.send(
      new InitiateAuthCommand({
        ClientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: Username, PASSWORD: Password },
      }),
    );
  const confirmedUser = async (Username: string, email = `${Username}@example.com`) => {
    await c.send(
      new SignUpCommand({
        ClientId: clientId,
        Username,
        Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: email }],
      }),
    );
    await c.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username }));
  };

  before(async () => {
    s = await startServer({ backend, now: clock.now });
    c = s.cognito();
    poolId = (await c.send(new CreateUserPoolCommand({ PoolName: 'signin' }))).UserPool!.Id!;
    const client = (ExplicitAuthFlows?: ExplicitAuthFlowsType[], extra = {}) =>
      c
        .send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web', ExplicitAuthFlows, ...extra }))
        .then((r) => r.UserPoolClient!.ClientId!);
    clientId = await client(['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
    srpOnly = await client();
    hiding = await client(['ALLOW_USER_PASSWORD_AUTH'], { PreventUserExistenceErrors: 'ENABLED' });
  });
  after(() => s.stop());

  test('USER_PASSWORD_AUTH yields tokens that aws-jwt-verify accepts through the JWKS endpoint', async () => {
    await confirmedUser('alice');
    await c.send(
      new CreateGroupCommand({
        UserPoolId: poolId,
        GroupName: 'admins',
        RoleArn: 'arn:aws:iam::000000000000:role/admins',
        Precedence: 2,
      }),
    );
    await c.send(
      new CreateGroupCommand({
        UserPoolId: poolId,
        GroupName: 'staff',
        RoleArn: 'arn:aws:iam::000000000000:role/staff',
        Precedence: 1,
      }),
    );
    await c.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'readers' }));
    for (const GroupName of ['admins', 'staff', 'readers'])
      await c.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'alice', GroupName }));
    const res = await signIn('alice');
    assert.deepEqual(res.ChallengeParameters, {});
    const r = res.AuthenticationResult!;
    assert.equal(r.TokenType, 'Bearer');
    assert.equal(r.ExpiresIn, 3600);
    assert.ok(r.RefreshToken && r.RefreshToken.length > 40);

    const issuer = `${s.url}/${poolId}`;
    const idVerifier = JwtRsaVerifier.create(
      {
        issuer,
        audience: clientId,
        jwksUri: `${issuer}/.well-known/jwks.json`,
        customJwtCheck: ({ payload }) => assert.equal(payload.token_use, 'id'),
      },
      { jwksCache: httpJwksCache() },
    );
    const accessVerifier = JwtRsaVerifier.create(
      {
        issuer,
        audience: null,
        jwksUri: `${issuer}/.well-known/jwks.json`,
        customJwtCheck: ({ payload }) => {
          assert.equal(payload.token_use, 'access');
          assert.equal(payload.client_id, clientId);
        },
      },
      { jwksCache: httpJwksCache() },
    );
    const id = await idVerifier.verify(r.IdToken!);
    const access = await accessVerifier.verify(r.AccessToken!);

    assert.equal(id['cognito:username'], 'alice');
    assert.equal(id.email, 'alice@example.com');
    assert.equal('email_verified' in id, false);
    assert.deepEqual(id['cognito:groups'], ['admins', 'readers', 'staff']);
    assert.deepEqual(id['cognito:roles'], [
      'arn:aws:iam::000000000000:role/admins',
      'arn:aws:iam::000000000000:role/staff',
    ]);
    assert.equal(id['cognito:preferred_role'], 'arn:aws:iam::000000000000:role/staff');
    assert.equal(access['cognito:roles'], undefined);
    assert.equal(access.username, 'alice');
    assert.equal(access.scope, 'aws.cognito.signin.user.admin');
    assert.equal(access.email, undefined);
    assert.deepEqual(access['cognito:groups'], ['admins', 'readers', 'staff']);
    assert.equal(id.sub, access.sub);
    assert.equal(id.origin_jti, access.origin_jti);
    assert.notEqual(id.jti, access.jti);
    assert.equal(access.exp! - access.iat!, 3600);
    const header = (jwt: string) =>
      JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString()) as { alg: string; kid: string };
    assert.deepEqual(Object.keys(header(r.AccessToken!)), ['kid', 'alg']);
    assert.equal(header(r.AccessToken!).alg, 'RS256');
    // Id and access tokens are signed with different keys, both in the JWKS.
    assert.notEqual(header(r.IdToken!).kid, header(r.AccessToken!).kid);
    const jwks = (await (await fetch(`${issuer}/.well-known/jwks.json`)).json()) as {
      keys: { kid: string; alg: string; kty: string; use: string; e: string }[];
    };
    assert.deepEqual(
      jwks.keys.map((k) => [k.kid, k.alg, k.kty, k.use, k.e]).sort(),
      [header(r.AccessToken!).kid, header(r.IdToken!).kid].map((kid) => [kid, 'RS256', 'RSA', 'sig', 'AQAB']).sort(),
    );
    const oidc = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as {
      issuer: string;
      jwks_uri: string;
    };
    assert.deepEqual([oidc.issuer, oidc.jwks_uri], [issuer, `${issuer}/.well-known/jwks.json`]);

    const me = await c.send(new GetUserCommand({ AccessToken: r.AccessToken }));
    assert.equal(me.Username, 'alice');
    assert.deepEqual(
      me.UserAttributes!.map((a) => a.Name),
      ['email', 'sub'],
    );
  });

  test("refusals in Cognito's words", async () => {
    await confirmedUser('bob');
    await rejectsWith(signIn('bob', 'Wr0ng-password'), 'NotAuthorizedException', 'Incorrect username or password.');
    await rejectsWith(signIn('nobody'), 'UserNotFoundException', 'User does not exist.');
    await rejectsWith(signIn('nobody', PASSWORD, hiding), 'NotAuthorizedException', 'Incorrect username or password.');
    await rejectsWith(
      signIn('bob', PASSWORD, srpOnly),
      'InvalidParameterException',
      'USER_PASSWORD_AUTH flow not enabled for this client',
    );
    await rejectsWith(
      c.send(
        new AdminInitiateAuthCommand({
          UserPoolId: poolId,
          ClientId: srpOnly,
          AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'bob', PASSWORD },
        }),
      ),
      'InvalidParameterException',
      'Auth flow not enabled for this client',
    );
    await rejectsWith(
      c.send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'bob' },
        }),
      ),
      'InvalidParameterException',
      'Missing required parameter PASSWORD',
    );
    await c.send(new SignUpCommand({ ClientId: clientId, Username: 'carl', Password: PASSWORD }));
    await rejectsWith(signIn('carl'), 'UserNotConfirmedException', 'User is not confirmed.');
    await rejectsWith(signIn('carl', 'Wr0ng-password'), 'UserNotConfirmedException', 'User is not confirmed.');
    const bobs = (await signIn('bob')).AuthenticationResult!;
    await c.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'bob' }));
    await rejectsWith(signIn('bob'), 'NotAuthorizedException', 'User is disabled.');
    // Disabling ends the user's sign-ins.
    await rejectsWith(
      c.send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: bobs.RefreshToken! },
        }),
      ),
      'NotAuthorizedException',
      'Refresh Token has been revoked',
    );
  });

  test('five wrong passwords lock the user out, for longer with each further one', async () => {
    await confirmedUser('dora');
    for (let i = 0; i < 5; i++)
      await rejectsWith(signIn('dora', 'Wr0ng-password'), 'NotAuthorizedException', 'Incorrect username or password.');
    // Locked: even the right password is refused, and does not count.
    await rejectsWith(signIn('dora'), 'NotAuthorizedException', 'Password attempts exceeded');
    clock.advance(1500);
    await rejectsWith(signIn('dora', 'Wr0ng-password'), 'NotAuthorizedException', 'Incorrect username or password.');
    clock.advance(1500);
    await rejectsWith(signIn('dora'), 'NotAuthorizedException', 'Password attempts exceeded');
    clock.advance(1000);
    assert.ok((await signIn('dora')).AuthenticationResult);
    // A success clears the run: four more wrong ones do not lock.
    for (let i = 0; i < 4; i++)
      await rejectsWith(signIn('dora', 'Wr0ng-password'), 'NotAuthorizedException', 'Incorrect username or password.');
    assert.ok((await signIn('dora')).AuthenticationResult);
  });

  test('a temporary password leads to NEW_PASSWORD_REQUIRED, and the answer signs in', async () => {
    await c.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'erin',
        TemporaryPassword: 'Temp0rary!',
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: 'erin@example.com' }],
      }),
    );
    const first = await c.send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'erin', PASSWORD: 'Temp0rary!' },
      }),
    );
    assert.equal(first.ChallengeName, 'NEW_PASSWORD_REQUIRED');
    assert.equal(first.AuthenticationResult, undefined);
    assert.equal(first.ChallengeParameters!.USER_ID_FOR_SRP, 'erin');
    assert.deepEqual(JSON.parse(first.ChallengeParameters!.requiredAttributes), []);
    assert.equal(JSON.parse(first.ChallengeParameters!.userAttributes).email, 'erin@example.com');
    await rejectsWith(
      c.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: first.Session,
          ChallengeResponses: { USERNAME: 'erin', NEW_PASSWORD: 'short' },
        }),
      ),
      'InvalidPasswordException',
      'Password did not conform with policy: Password not long enough',
    );
    await rejectsWith(
      c.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: `${first.Session!.slice(0, -4)}AAAA`,
          ChallengeResponses: { USERNAME: 'erin', NEW_PASSWORD: 'N3w-password' },
        }),
      ),
      'NotAuthorizedException',
      'Invalid session for the user.',
    );
    const done = await c.send(
      new AdminRespondToAuthChallengeCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: first.Session,
        ChallengeResponses: { USERNAME: 'erin', NEW_PASSWORD: 'N3w-password' },
      }),
    );
    assert.ok(done.AuthenticationResult?.AccessToken);
    assert.equal(
      (await c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'erin' }))).UserStatus,
      'CONFIRMED',
    );
    // A session answers once.
    await rejectsWith(
      c.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: first.Session,
          ChallengeResponses: { USERNAME: 'erin', NEW_PASSWORD: 'Other-passw0rd' },
        }),
      ),
      'NotAuthorizedException',
      'Invalid session for the user, session can only be used once.',
    );
    assert.ok((await signIn('erin', 'N3w-password')).AuthenticationResult);
  });

  test("a session expires after the client's AuthSessionValidity, a temporary password after the pool's validity", async () => {
    await c.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'fay',
        TemporaryPassword: 'Temp0rary!',
        MessageAction: 'SUPPRESS',
      }),
    );
    const first = await signIn('fay', 'Temp0rary!');
    clock.advance(3 * 60_000 + 1);
    await rejectsWith(
      c.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: first.Session,
          ChallengeResponses: { USERNAME: 'fay', NEW_PASSWORD: 'N3w-password' },
        }),
      ),
      'NotAuthorizedException',
      'Invalid session for the user, session is expired.',
    );
    clock.advance(7 * 24 * 3600_000);
    await rejectsWith(
      signIn('fay', 'Temp0rary!'),
      'NotAuthorizedException',
      'User account has expired, it must be reset by an administrator.',
    );
  });

  test('a user whose password was reset hears so whatever the password, unless the client hides users', async () => {
    await confirmedUser('rita');
    await c.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: poolId,
        Username: 'rita',
        UserAttributes: [{ Name: 'email_verified', Value: 'true' }],
      }),
    );
    await c.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: 'rita' }));
    for (const password of [PASSWORD, 'Wr0ng-password'])
      await rejectsWith(
        signIn('rita', password),
        'PasswordResetRequiredException',
        'Password reset required for the user',
      );
    await rejectsWith(
      signIn('rita', 'Wr0ng-password', hiding),
      'NotAuthorizedException',
      'Incorrect username or password.',
    );
    await rejectsWith(
      signIn('rita', PASSWORD, hiding),
      'PasswordResetRequiredException',
      'Password reset required for the user',
    );
  });

  test('a refresh keeps the sign-in; sign-out and revocation end it', async () => {
    await confirmedUser('gus');
    const first = (await signIn('gus')).AuthenticationResult!;
    const refresh = (token = first.RefreshToken!) =>
      c.send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: token },
        }),
      );
    const again = (await refresh()).AuthenticationResult!;
    assert.equal(again.RefreshToken, undefined);
    assert.equal(claims(again.AccessToken!).origin_jti, claims(first.AccessToken!).origin_jti);
    assert.equal(claims(again.AccessToken!).auth_time, claims(first.AccessToken!).auth_time);
    await rejectsWith(refresh('not-a-refresh-token'), 'NotAuthorizedException', 'Invalid Refresh Token.');

    const second = (await signIn('gus')).AuthenticationResult!;
    assert.notEqual(claims(second.AccessToken!).origin_jti, claims(first.AccessToken!).origin_jti);
    // RevokeToken ends one sign-in: its refresh token and its access tokens.
    await c.send(new RevokeTokenCommand({ ClientId: clientId, Token: first.RefreshToken }));
    await rejectsWith(refresh(), 'NotAuthorizedException', 'Refresh Token has been revoked');
    await rejectsWith(
      c.send(new GetUserCommand({ AccessToken: again.AccessToken })),
      'NotAuthorizedException',
      'Access Token has been revoked',
    );
    await rejectsWith(
      c.send(new RevokeTokenCommand({ ClientId: clientId, Token: second.AccessToken })),
      'UnsupportedTokenTypeException',
    );
    assert.equal((await c.send(new GetUserCommand({ AccessToken: second.AccessToken }))).Username, 'gus');
    // GlobalSignOut ends them all.
    await c.send(new GlobalSignOutCommand({ AccessToken: second.AccessToken }));
    await rejectsWith(
      c.send(new GetUserCommand({ AccessToken: second.AccessToken })),
      'NotAuthorizedException',
      'Access Token has been revoked',
    );
    await rejectsWith(refresh(second.RefreshToken), 'NotAuthorizedException', 'Refresh Token has been revoked');
    const third = (await signIn('gus')).AuthenticationResult!;
    await c.send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: 'gus' }));
    await rejectsWith(
      c.send(new GetUserCommand({ AccessToken: third.AccessToken })),
      'NotAuthorizedException',
      'Access Token has been revoked',
    );
  });

  test('access tokens are refused when forged, of the wrong kind, or expired', async () => {
    await confirmedUser('hal');
    const r = (await signIn('hal')).AuthenticationResult!;
    const [h, p] = r.AccessToken!.split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${p}.`;
    await rejectsWith(
      c.send(new GetUserCommand({ AccessToken: none })),
      'NotAuthorizedException',
      'Invalid Access Token',
    );
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims(r.AccessToken!), username: 'root' })).toString('base64url')}.${r.AccessToken!.split('.')[2]}`;
    await rejectsWith(
      c.send(new GetUserCommand({ AccessToken: tampered })),
      'NotAuthorizedException',
      'Invalid Access Token',
    );
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const foreign = `${h}.${p}.${sign('sha256', Buffer.from(`${h}.${p}`), createPrivateKey(privateKey.export({ type: 'pkcs8', format: 'pem' }))).toString('base64url')}`;
    await rejectsWith(
      c.send(new GetUserCommand({ AccessToken: foreign })),
      'NotAuthorizedException',
      'Invalid Access Token',
    );
    await rejectsWith(
      c.send(new GetUserCommand({ AccessToken: r.IdToken })),
      'NotAuthorizedException',
      'Invalid Access Token',
    );
    clock.advance(3600_000);
    await rejectsWith(
      c.send(new GetUserCommand({ AccessToken: r.AccessToken })),
      'NotAuthorizedException',
      'Access Token has expired',
    );
  });

  test('passwords change with the old one, or by the admin; a user deletes themselves', async () => {
    await confirmedUser('ivy');
    const token = (await signIn('ivy')).AuthenticationResult!.AccessToken!;
    await rejectsWith(
      c.send(
        new ChangePasswordCommand({
          AccessToken: token,
          PreviousPassword: 'Wr0ng-password',
          ProposedPassword: 'N3w-password',
        }),
      ),
      'NotAuthorizedException',
      'Incorrect username or password.',
    );
    await rejectsWith(
      c.send(new ChangePasswordCommand({ AccessToken: token, PreviousPassword: PASSWORD, ProposedPassword: 'short' })),
      'InvalidPasswordException',
    );
    await c.send(
      new ChangePasswordCommand({ AccessToken: token, PreviousPassword: PASSWORD, ProposedPassword: 'N3w-password' }),
    );
    await rejectsWith(signIn('ivy'), 'NotAuthorizedException', 'Incorrect username or password.');
    assert.ok((await signIn('ivy', 'N3w-password')).AuthenticationResult);

    await c.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: 'ivy',
        Password: 'Adm1n-chosen',
        Permanent: false,
      }),
    );
    assert.equal((await signIn('ivy', 'Adm1n-chosen')).ChallengeName, 'NEW_PASSWORD_REQUIRED');
    await c.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: 'ivy',
        Password: 'Adm1n-chosen',
        Permanent: true,
      }),
    );
    const fresh = (await signIn('ivy', 'Adm1n-chosen')).AuthenticationResult!;
    assert.equal(
      (await c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'ivy' }))).UserStatus,
      'CONFIRMED',
    );

    await c.send(new DeleteUserCommand({ AccessToken: fresh.AccessToken }));
    await rejectsWith(
      c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'ivy' })),
      'UserNotFoundException',
    );
    await rejectsWith(
      c.send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: fresh.RefreshToken! },
        }),
      ),
      'NotAuthorizedException',
      'Invalid Refresh Token.',
    );
  });
});
