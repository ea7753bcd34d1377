// GetTokensFromRefreshToken and refresh token rotation, through the AWS SDK: an app client's
// RefreshTokenRotation as Create/Update/DescribeUserPoolClient carry it; renewing with and without
// rotation; the grace period of a rotated-out token; REFRESH_TOKEN_AUTH refused on rotating
// clients; and the refusals for revoked, expired, reused and foreign refresh tokens.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import {
  AdminConfirmSignUpCommand,
  AdminDisableUserCommand,
  AdminInitiateAuthCommand,
  AdminUserGlobalSignOutCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolClientCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  RevokeTokenCommand,
  SignUpCommand,
  UpdateUserPoolClientCommand,
  type CognitoIdentityProviderClient,
  type CreateUserPoolClientRequest,
  type UserPoolClientType,
} from '@aws-sdk/client-cognito-identity-provider';
import { eachBackend, rejectsWith, startServer, testClock, type TestServer } from './support/server.js';

const PASSWORD = 'Passw0rd!';
const claims = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
const FLOWS: CreateUserPoolClientRequest['ExplicitAuthFlows'] = [
  'ALLOW_USER_PASSWORD_AUTH',
  'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  'ALLOW_REFRESH_TOKEN_AUTH',
];
const ROTATING = { RefreshTokenRotation: { Feature: 'ENABLED' as const } };
const REUSED = 'Refresh Token has been invalidated by refresh token rotation';

eachBackend('GetTokensFromRefreshToken and refresh token rotation', (backend) => {
  const clock = testClock();
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  let poolId: string;
  let users = 0;
  const appClient = async (extra: Partial<CreateUserPoolClientRequest> = {}) =>
    (
      await c.send(
        new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: FLOWS, ...extra }),
      )
    ).UserPoolClient!;
  /** A new confirmed user signed in on the client: their username and first tokens. */
  const signedIn = async (client: UserPoolClientType) => {
    const Username = `user${++users}`;
    const ClientId = client.ClientId!;
    const SecretHash = client.ClientSecret
      ? createHmac('sha256', client.ClientSecret)
          .update(Username + ClientId)
          .digest('base64')
      : undefined;
    await c.send(new SignUpCommand({ ClientId, Username, Password: PASSWORD, SecretHash }));
    await c.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username }));
    const r = await c.send(
      new InitiateAuthCommand({
        ClientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: Username, PASSWORD, ...(SecretHash ? { SECRET_HASH: SecretHash } : {}) },
      }),
    );
    return { Username, tokens: r.AuthenticationResult! };
  };
  const getTokens = (ClientId: string, RefreshToken: string, ClientSecret?: string) =>
    c
      .send(new GetTokensFromRefreshTokenCommand({ ClientId, RefreshToken, ClientSecret }))
      .then((r) => r.AuthenticationResult!);
  const refreshAuth = (ClientId: string, REFRESH_TOKEN: string) =>
    c.send(new InitiateAuthCommand({ ClientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN } }));

  before(async () => {
    s = await startServer({ backend, now: clock.now });
    c = s.cognito();
    poolId = (await c.send(new CreateUserPoolCommand({ PoolName: 'refresh' }))).UserPool!.Id!;
  });
  after(() => s.stop());

  test('app clients carry RefreshTokenRotation as set, none unless set; AWS bounds the grace period', async () => {
    const plain = await appClient();
    assert.equal(plain.RefreshTokenRotation, undefined);
    const rotation = { Feature: 'ENABLED' as const, RetryGracePeriodSeconds: 10 };
    const rotating = await appClient({ RefreshTokenRotation: rotation });
    assert.deepEqual(rotating.RefreshTokenRotation, rotation);
    const described = await c.send(
      new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: rotating.ClientId }),
    );
    assert.deepEqual(described.UserPoolClient!.RefreshTokenRotation, rotation);

    const updated = await c.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientId: plain.ClientId,
        RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 60 },
      }),
    );
    assert.deepEqual(updated.UserPoolClient!.RefreshTokenRotation, { Feature: 'ENABLED', RetryGracePeriodSeconds: 60 });
    // UpdateUserPoolClient resets what it is not sent.
    await c.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: plain.ClientId }));
    const reset = await c.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: plain.ClientId }));
    assert.equal(reset.UserPoolClient!.RefreshTokenRotation, undefined);

    await rejectsWith(
      appClient({ RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 61 } }),
      'InvalidParameterException',
      "1 validation error detected: Value '61' at 'refreshTokenRotation.retryGracePeriodSeconds' failed to satisfy constraint: Member must have value less than or equal to 60",
    );
    await rejectsWith(
      appClient({ RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: -1 } }),
      'InvalidParameterException',
      "1 validation error detected: Value '-1' at 'refreshTokenRotation.retryGracePeriodSeconds' failed to satisfy constraint: Member must have value greater than or equal to 0",
    );
    await rejectsWith(
      appClient({ RefreshTokenRotation: { Feature: 'SOMETIMES' as any } }), // a value the SDK's types do not allow
      'InvalidParameterException',
      /at 'refreshTokenRotation.feature' failed to satisfy constraint: Member must satisfy enum value set: \[ENABLED, DISABLED\]/,
    );
    await rejectsWith(
      appClient({ RefreshTokenRotation: { RetryGracePeriodSeconds: 5 } as any }), // Feature is required
      'InvalidParameterException',
      /at 'refreshTokenRotation.feature' failed to satisfy constraint: Member must not be null/,
    );
  });

  test('without rotation: new id and access tokens of the same sign-in, the refresh token kept', async () => {
    const client = await appClient({ RefreshTokenRotation: { Feature: 'DISABLED' } });
    const { Username, tokens } = await signedIn(client);
    const renewed = await c
      .send(
        new GetTokensFromRefreshTokenCommand({
          ClientId: client.ClientId,
          RefreshToken: tokens.RefreshToken,
          ClientMetadata: { source: 'test' },
        }),
      )
      .then((r) => r.AuthenticationResult!);
    assert.equal(renewed.RefreshToken, undefined);
    assert.equal(renewed.TokenType, 'Bearer');
    assert.equal(renewed.ExpiresIn, 3600);
    assert.equal(claims(renewed.AccessToken!).origin_jti, claims(tokens.AccessToken!).origin_jti);
    assert.equal(claims(renewed.AccessToken!).auth_time, claims(tokens.AccessToken!).auth_time);
    assert.equal(claims(renewed.IdToken!)['cognito:username'], Username);
    assert.equal((await c.send(new GetUserCommand({ AccessToken: renewed.AccessToken }))).Username, Username);
    // The same refresh token renews again, and REFRESH_TOKEN_AUTH takes it too.
    assert.ok((await getTokens(client.ClientId!, tokens.RefreshToken!)).AccessToken);
    assert.ok((await refreshAuth(client.ClientId!, tokens.RefreshToken!)).AuthenticationResult!.AccessToken);
  });

  test('with rotation: each refresh replaces the refresh token, and the one it replaced is refused at once', async () => {
    const client = await appClient(ROTATING);
    const { Username, tokens } = await signedIn(client);
    const first = await getTokens(client.ClientId!, tokens.RefreshToken!);
    assert.ok(first.RefreshToken && first.RefreshToken !== tokens.RefreshToken);
    assert.equal(claims(first.AccessToken!).origin_jti, claims(tokens.AccessToken!).origin_jti);
    await rejectsWith(getTokens(client.ClientId!, tokens.RefreshToken!), 'RefreshTokenReuseException', REUSED);
    const second = await getTokens(client.ClientId!, first.RefreshToken);
    assert.ok(second.RefreshToken && second.RefreshToken !== first.RefreshToken);
    await rejectsWith(getTokens(client.ClientId!, first.RefreshToken), 'RefreshTokenReuseException', REUSED);
    // Access tokens issued before a rotation stay good until they expire.
    assert.equal((await c.send(new GetUserCommand({ AccessToken: tokens.AccessToken }))).Username, Username);
  });

  test('with rotation, REFRESH_TOKEN_AUTH is refused as a flow the client does not allow', async () => {
    const client = await appClient(ROTATING);
    const { tokens } = await signedIn(client);
    await rejectsWith(
      refreshAuth(client.ClientId!, tokens.RefreshToken!),
      'InvalidParameterException',
      'REFRESH_TOKEN_AUTH flow not enabled for this client',
    );
    await rejectsWith(
      c.send(
        new AdminInitiateAuthCommand({
          UserPoolId: poolId,
          ClientId: client.ClientId,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! },
        }),
      ),
      'InvalidParameterException',
      'Auth flow not enabled for this client',
    );
    // The refusal spent nothing: the token still renews where rotation is done.
    assert.ok((await getTokens(client.ClientId!, tokens.RefreshToken!)).RefreshToken);
  });

  test('a rotated-out refresh token keeps working for RetryGracePeriodSeconds, not after', async () => {
    const client = await appClient({ RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 5 } });
    const { tokens } = await signedIn(client);
    const first = await getTokens(client.ClientId!, tokens.RefreshToken!);
    clock.advance(4000);
    // A retry within the grace period gets tokens, and a refresh token of its own.
    const retry = await getTokens(client.ClientId!, tokens.RefreshToken!);
    assert.ok(retry.RefreshToken && retry.RefreshToken !== first.RefreshToken);
    // The period runs from the first rotation; the retry did not extend it.
    clock.advance(1001);
    await rejectsWith(getTokens(client.ClientId!, tokens.RefreshToken!), 'RefreshTokenReuseException', REUSED);
    assert.ok((await getTokens(client.ClientId!, first.RefreshToken!)).RefreshToken);
    assert.ok((await getTokens(client.ClientId!, retry.RefreshToken)).RefreshToken);
  });

  test('concurrent refreshes of one token without a grace period: exactly one gets new tokens', async () => {
    const client = await appClient(ROTATING);
    const { tokens } = await signedIn(client);
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => getTokens(client.ClientId!, tokens.RefreshToken!)),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    assert.equal(won.length, 1);
    for (const r of results)
      if (r.status === 'rejected') assert.equal((r.reason as Error).name, 'RefreshTokenReuseException');
  });

  test("a rotated refresh token runs out when the sign-in's first one would have", async () => {
    const client = await appClient({
      ...ROTATING,
      RefreshTokenValidity: 60,
      TokenValidityUnits: { RefreshToken: 'minutes' },
    });
    const { tokens } = await signedIn(client);
    clock.advance(59 * 60_000);
    const late = await getTokens(client.ClientId!, tokens.RefreshToken!);
    clock.advance(60_001);
    await rejectsWith(
      getTokens(client.ClientId!, late.RefreshToken!),
      'NotAuthorizedException',
      'Refresh Token has expired',
    );
  });

  test('an expired refresh token is refused by both ways of refreshing', async () => {
    const client = await appClient({ RefreshTokenValidity: 60, TokenValidityUnits: { RefreshToken: 'minutes' } });
    const { tokens } = await signedIn(client);
    clock.advance(60 * 60_000);
    await rejectsWith(
      getTokens(client.ClientId!, tokens.RefreshToken!),
      'NotAuthorizedException',
      'Refresh Token has expired',
    );
    await rejectsWith(
      refreshAuth(client.ClientId!, tokens.RefreshToken!),
      'NotAuthorizedException',
      'Refresh Token has expired',
    );
  });

  test('RevokeToken, GlobalSignOut and AdminUserGlobalSignOut end a sign-in with every token rotation gave it', async () => {
    const client = await appClient({ RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 30 } });
    const revoked = 'Refresh Token has been revoked';

    const a = await signedIn(client);
    const aNext = await getTokens(client.ClientId!, a.tokens.RefreshToken!);
    await c.send(new RevokeTokenCommand({ ClientId: client.ClientId, Token: aNext.RefreshToken }));
    await rejectsWith(getTokens(client.ClientId!, aNext.RefreshToken!), 'NotAuthorizedException', revoked);
    // The token it replaced, still in its grace period, goes with it, and so do the access tokens.
    await rejectsWith(getTokens(client.ClientId!, a.tokens.RefreshToken!), 'NotAuthorizedException', revoked);
    await rejectsWith(
      c.send(new GetUserCommand({ AccessToken: aNext.AccessToken })),
      'NotAuthorizedException',
      'Access Token has been revoked',
    );

    const b = await signedIn(client);
    const bNext = await getTokens(client.ClientId!, b.tokens.RefreshToken!);
    await c.send(new GlobalSignOutCommand({ AccessToken: bNext.AccessToken }));
    await rejectsWith(getTokens(client.ClientId!, bNext.RefreshToken!), 'NotAuthorizedException', revoked);

    const d = await signedIn(client);
    const dNext = await getTokens(client.ClientId!, d.tokens.RefreshToken!);
    await c.send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: d.Username }));
    await rejectsWith(getTokens(client.ClientId!, dNext.RefreshToken!), 'NotAuthorizedException', revoked);
    await rejectsWith(getTokens(client.ClientId!, d.tokens.RefreshToken!), 'NotAuthorizedException', revoked);
  });

  test('a disabled user cannot refresh: disabling revoked their sign-ins', async () => {
    const client = await appClient();
    const { Username, tokens } = await signedIn(client);
    await c.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username }));
    await rejectsWith(
      getTokens(client.ClientId!, tokens.RefreshToken!),
      'NotAuthorizedException',
      'Refresh Token has been revoked',
    );
  });

  test("another client's, an unknown or a garbled refresh token is invalid; an unknown client is not found", async () => {
    const mine = await appClient(ROTATING);
    const other = await appClient(ROTATING);
    const { tokens } = await signedIn(mine);
    await rejectsWith(
      getTokens(other.ClientId!, tokens.RefreshToken!),
      'NotAuthorizedException',
      'Invalid Refresh Token.',
    );
    await rejectsWith(
      getTokens(mine.ClientId!, 'not-a-refresh-token'),
      'NotAuthorizedException',
      'Invalid Refresh Token.',
    );
    await rejectsWith(getTokens('1example23456789', tokens.RefreshToken!), 'ResourceNotFoundException');
    // None of that spent the token.
    assert.ok((await getTokens(mine.ClientId!, tokens.RefreshToken!)).RefreshToken);
  });

  test('a client with a secret needs its ClientSecret', async () => {
    const client = await appClient({ ...ROTATING, GenerateSecret: true });
    const { tokens } = await signedIn(client);
    const id = client.ClientId!;
    const message = `Client ${id} is configured for secret but secret was not received`;
    await rejectsWith(getTokens(id, tokens.RefreshToken!), 'NotAuthorizedException', message);
    await rejectsWith(
      getTokens(id, tokens.RefreshToken!, 'x'.repeat(client.ClientSecret!.length)),
      'NotAuthorizedException',
      message,
    );
    const renewed = await getTokens(id, tokens.RefreshToken!, client.ClientSecret);
    assert.ok(renewed.RefreshToken);
  });
});
