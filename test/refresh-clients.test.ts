// Refreshing tokens as apps do it, against cognate unchanged: Amplify v6 (6.15 and later refresh
// only through GetTokensFromRefreshToken) signs in with SRP, renews its session with
// fetchAuthSession({ forceRefresh: true }) and signs out; amazon-cognito-identity-js renews with
// CognitoUser.refreshSession (REFRESH_TOKEN_AUTH). Amplify is one configuration per process, so
// these run on SQLite only; the store's side of refreshing runs on both in refresh-tokens.test.ts.
import { before, after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Amplify } from 'aws-amplify';
import { fetchAuthSession, signIn, signOut, getCurrentUser } from 'aws-amplify/auth';
import identity from 'amazon-cognito-identity-js';
import type { CognitoUserSession } from 'amazon-cognito-identity-js';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  GetUserCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, startServer, type TestServer } from './support/server.js';

const { CognitoUserPool, CognitoUser, AuthenticationDetails } = identity;
const PASSWORD = 'Passw0rd!';

describe('refreshing with the real clients', () => {
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  let poolId: string;
  const appClient = async (extra = {}) =>
    (await c.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ...extra }))).UserPoolClient!
      .ClientId!;
  const user = async (Username: string) => {
    await c.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username, MessageAction: 'SUPPRESS' }));
    await c.send(
      new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username, Password: PASSWORD, Permanent: true }),
    );
  };

  before(async () => {
    s = await startServer();
    c = s.cognito();
    poolId = (await c.send(new CreateUserPoolCommand({ PoolName: 'apps' }))).UserPool!.Id!;
  });
  after(() => s.stop());

  for (const rotation of [false, true]) {
    test(`Amplify v6 signs in, refreshes and signs out (rotation ${rotation ? 'on' : 'off'})`, async () => {
      // CDK's and Amplify's usual client: no secret, SRP and refresh; rotating clients leave REFRESH_TOKEN_AUTH out.
      const clientId = await appClient(
        rotation
          ? { ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH'], RefreshTokenRotation: { Feature: 'ENABLED' } }
          : { ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] },
      );
      const username = rotation ? 'rotating-amy' : 'amy';
      await user(username);
      Amplify.configure({
        Auth: { Cognito: { userPoolId: poolId, userPoolClientId: clientId, userPoolEndpoint: s.url } },
      });

      const signedIn = await signIn({ username, password: PASSWORD });
      assert.equal(signedIn.isSignedIn, true);
      assert.equal((await getCurrentUser()).username, username);
      const first = await fetchAuthSession();
      assert.ok(first.tokens?.accessToken);

      const refreshed = await fetchAuthSession({ forceRefresh: true });
      const access = refreshed.tokens!.accessToken;
      assert.notEqual(access.toString(), first.tokens!.accessToken.toString());
      assert.equal(access.payload.origin_jti, first.tokens!.accessToken.payload.origin_jti);
      assert.equal(refreshed.tokens!.idToken!.payload['cognito:username'], username);
      // The refreshed access token works, and a second refresh works too: with rotation, only if
      // Amplify kept the refresh token the first one returned.
      assert.equal((await c.send(new GetUserCommand({ AccessToken: access.toString() }))).Username, username);
      const again = await fetchAuthSession({ forceRefresh: true });
      assert.notEqual(again.tokens!.accessToken.toString(), access.toString());

      await signOut();
      assert.equal((await fetchAuthSession()).tokens, undefined);
      // signOut revoked the sign-in (RevokeToken): its access tokens are refused.
      await rejectsWith(
        c.send(new GetUserCommand({ AccessToken: again.tokens!.accessToken.toString() })),
        'NotAuthorizedException',
        'Access Token has been revoked',
      );
    });
  }

  test('amazon-cognito-identity-js refreshes a session with refreshSession', async () => {
    const pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: await appClient(), endpoint: s.url });
    await user('ben');
    const cognitoUser = new CognitoUser({ Username: 'ben', Pool: pool });
    const session = await new Promise<CognitoUserSession>((resolve, reject) =>
      cognitoUser.authenticateUser(new AuthenticationDetails({ Username: 'ben', Password: PASSWORD }), {
        onSuccess: resolve,
        onFailure: reject,
      }),
    );
    const renewed = await new Promise<CognitoUserSession>((resolve, reject) =>
      cognitoUser.refreshSession(session.getRefreshToken(), (err: Error | null, result: CognitoUserSession) =>
        err ? reject(err) : resolve(result),
      ),
    );
    assert.ok(renewed.isValid());
    assert.notEqual(renewed.getAccessToken().getJwtToken(), session.getAccessToken().getJwtToken());
    // Without rotation the refresh token stays what it was; the library keeps it.
    assert.equal(renewed.getRefreshToken().getToken(), session.getRefreshToken().getToken());
    assert.equal(renewed.getIdToken().decodePayload()['cognito:username'], 'ben');
    const me = await c.send(new GetUserCommand({ AccessToken: renewed.getAccessToken().getJwtToken() }));
    assert.equal(me.Username, 'ben');
  });
});
