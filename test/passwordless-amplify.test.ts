// Choice-based sign-in as an app drives it, against cognate unchanged: Amplify v6's signIn with
// authFlowType USER_AUTH, by an email one-time password (preferredChallenge EMAIL_OTP, the code
// read from the capture mailbox and given to confirmSignIn), and by SELECT_CHALLENGE then
// PASSWORD_SRP. Amplify is one configuration per process, so this runs on SQLite only; the
// store's side runs on both backends in passwordless.test.ts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Amplify } from 'aws-amplify';
import { confirmSignIn, fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { codeIn, startServer, type TestServer } from './support/server.js';

const PASSWORD = 'Passw0rd!';

describe('choice-based sign-in with Amplify v6', () => {
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  before(async () => {
    s = await startServer();
    c = s.cognito();
    const poolId = (
      await c.send(
        new CreateUserPoolCommand({
          PoolName: 'amplify-passwordless',
          Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } },
        }),
      )
    ).UserPool!.Id!;
    const clientId = (
      await c.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'web',
          ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        }),
      )
    ).UserPoolClient!.ClientId!;
    await c.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'ivy',
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: 'ivy@example.com' }],
      }),
    );
    await c.send(
      new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'ivy', Password: PASSWORD, Permanent: true }),
    );
    Amplify.configure({
      Auth: { Cognito: { userPoolId: poolId, userPoolClientId: clientId, userPoolEndpoint: s.url } },
    });
  });
  after(() => s.stop());

  test('preferredChallenge EMAIL_OTP: the emailed code signs in', async () => {
    const started = await signIn({
      username: 'ivy',
      options: { authFlowType: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' },
    });
    assert.equal(started.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
    const code = codeIn(await s.waitForEmail('ivy@example.com'));
    const done = await confirmSignIn({ challengeResponse: code });
    assert.equal(done.isSignedIn, true);
    const session = await fetchAuthSession();
    assert.equal(session.tokens?.idToken?.payload['cognito:username'], 'ivy');
    await signOut();
  });

  test('no preference: the available challenges, then the password by SRP', async () => {
    const started = await signIn({ username: 'ivy', options: { authFlowType: 'USER_AUTH' } });
    assert.equal(started.nextStep.signInStep, 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION');
    const step = started.nextStep as { availableChallenges?: string[] };
    assert.deepEqual(step.availableChallenges, ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP']);
    const chosen = await confirmSignIn({ challengeResponse: 'PASSWORD_SRP' });
    assert.equal(chosen.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_PASSWORD');
    const done = await confirmSignIn({ challengeResponse: PASSWORD });
    assert.equal(done.isSignedIn, true);
    await signOut();
  });
});
