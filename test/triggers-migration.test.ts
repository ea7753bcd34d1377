// UserMigration through the real clients: a user of an "old directory" (a table in the handler)
// signs in with USER_PASSWORD_AUTH (the AWS SDK and amazon-cognito-identity-js) and is created with
// the password the handler checked; a wrong one is the handler's error; RESET_REQUIRED and
// ForgotPassword end in a reset code and a new password; the events carry AWS's fields.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import identity from 'amazon-cognito-identity-js';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import {
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  ConfirmForgotPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { codeIn, eachBackend, rejectsWith, startServer, type TestServer } from './support/server.js';
import { createNodeFunction } from './support/lambda.js';
import { fnArn, loggedEvents, poolWith } from './support/triggers.js';

const { CognitoUserPool, CognitoUser, AuthenticationDetails } = identity;

// The old directory: who exists there, with which password and attributes.
const MIGRATE = `
const OLD = {
  olga: { password: 'OldPassw0rd!', email: 'olga@example.com' },
  oscar: { password: 'OldPassw0rd!', email: 'oscar@example.com', reset: true },
  rita: { password: 'OldPassw0rd!', email: 'rita@example.com' },
  ursula: { password: 'OldPassw0rd!', email: 'ursula@example.com' },
};
exports.handler = async (event) => {
  console.log(JSON.stringify(event));
  const old = OLD[event.userName];
  if (!old) return event; // no such user: no userAttributes
  if (event.triggerSource === 'UserMigration_Authentication' && event.request.password !== old.password)
    throw new Error('Bad password');
  event.response.userAttributes = { email: old.email, email_verified: 'true', 'custom:origin': 'old' };
  if (old.reset) event.response.finalUserStatus = 'RESET_REQUIRED';
  event.response.messageAction = 'SUPPRESS';
  return event;
};`;

eachBackend('UserMigration', (backend) => {
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  let lambda: LambdaClient;
  let logs: CloudWatchLogsClient;
  let poolId: string;
  let clientId: string;
  before(async () => {
    s = await startServer({ backend });
    c = s.cognito();
    lambda = s.client(LambdaClient);
    logs = s.client(CloudWatchLogsClient);
    await createNodeFunction(lambda, 'migrate', MIGRATE);
    ({ poolId, clientId } = await poolWith(
      c,
      lambda,
      { UserMigration: fnArn('migrate') },
      {
        pool: {
          Schema: [{ Name: 'origin', AttributeDataType: 'String', Mutable: true }],
          AliasAttributes: ['email'],
        },
      },
    ));
  });
  after(() => s.stop());

  const passwordAuth = (USERNAME: string, PASSWORD: string, ClientMetadata?: Record<string, string>) =>
    c.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME, PASSWORD },
        ...(ClientMetadata ? { ClientMetadata } : {}),
      }),
    );

  test('a user of the old directory signs in and is migrated with that password', async () => {
    const signedIn = await passwordAuth('olga', 'OldPassw0rd!', { app: 'web' });
    assert.ok(signedIn.AuthenticationResult?.AccessToken);
    const olga = await c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'olga' }));
    assert.equal(olga.UserStatus, 'CONFIRMED');
    const attrs = Object.fromEntries((olga.UserAttributes ?? []).map((a) => [a.Name, a.Value]));
    assert.equal(attrs.email, 'olga@example.com');
    assert.equal(attrs.email_verified, 'true');
    assert.equal(attrs['custom:origin'], 'old');
    // From now on the user is the pool's: the same password works without the function,
    // and the verified email is a sign-in name (the pool's email alias).
    assert.ok((await passwordAuth('olga@example.com', 'OldPassw0rd!')).AuthenticationResult?.IdToken);
    const [event] = await loggedEvents(logs, 'migrate', 1, (e) => e.userName === 'olga');
    assert.deepEqual(event, {
      version: '1',
      region: 'us-east-1',
      userPoolId: poolId,
      userName: 'olga',
      callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId },
      triggerSource: 'UserMigration_Authentication',
      request: { password: 'OldPassw0rd!', validationData: { app: 'web' } },
      response: {
        userAttributes: null,
        forceAliasCreation: null,
        enableSMSMFA: null,
        finalUserStatus: null,
        messageAction: null,
        desiredDeliveryMediums: null,
      },
    });
  });

  test('a wrong password is the handler error and creates no one; a name it does not know is no user', async () => {
    await rejectsWith(
      passwordAuth('rita', 'wrong-Passw0rd!'),
      'UserLambdaValidationException',
      'UserMigration failed with error Bad password.',
    );
    await rejectsWith(
      c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'rita' })),
      'UserNotFoundException',
    );
    await rejectsWith(passwordAuth('nobody', 'Passw0rd!'), 'UserNotFoundException', 'User does not exist.');
  });

  test('amazon-cognito-identity-js with USER_PASSWORD_AUTH migrates the user it signs in', async () => {
    const userPool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: s.url });
    const user = new CognitoUser({ Username: 'rita', Pool: userPool });
    user.setAuthenticationFlowType('USER_PASSWORD_AUTH');
    const session = await new Promise<identity.CognitoUserSession>((resolve, reject) =>
      user.authenticateUser(new AuthenticationDetails({ Username: 'rita', Password: 'OldPassw0rd!' }), {
        onSuccess: resolve,
        onFailure: reject,
      }),
    );
    assert.equal(session.getIdToken().decodePayload()['cognito:username'], 'rita');
    assert.equal(session.getIdToken().decodePayload()['custom:origin'], 'old');
  });

  test('RESET_REQUIRED: the user is created and must reset; ForgotPassword migrates without a password', async () => {
    await rejectsWith(
      c.send(
        new AdminInitiateAuthCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'oscar', PASSWORD: 'OldPassw0rd!' },
        }),
      ),
      'PasswordResetRequiredException',
    );
    const oscar = await c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'oscar' }));
    assert.equal(oscar.UserStatus, 'RESET_REQUIRED');

    const sent = await c.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'ursula' }));
    assert.equal(sent.CodeDeliveryDetails?.DeliveryMedium, 'EMAIL');
    const ursula = await c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'ursula' }));
    assert.equal(ursula.UserStatus, 'RESET_REQUIRED');
    const code = codeIn(await s.waitForEmail('ursula@example.com'));
    await c.send(
      new ConfirmForgotPasswordCommand({
        ClientId: clientId,
        Username: 'ursula',
        ConfirmationCode: code,
        Password: 'NewPassw0rd!',
      }),
    );
    assert.ok((await passwordAuth('ursula', 'NewPassw0rd!')).AuthenticationResult?.AccessToken);
    const [event] = await loggedEvents(logs, 'migrate', 1, (e) => e.triggerSource === 'UserMigration_ForgotPassword');
    assert.equal(event.userName, 'ursula');
    assert.equal('password' in event.request, false);
  });

  test('a function Cognito may not invoke: UserNotFoundException "Exception migrating user in app client"', async () => {
    // A second pool names the same function but has no permission for it.
    const pool = (
      await c.send(
        new CreateUserPoolCommand({ PoolName: 'no-permission', LambdaConfig: { UserMigration: fnArn('migrate') } }),
      )
    ).UserPool!;
    const id = (
      await c.send(
        new CreateUserPoolClientCommand({
          UserPoolId: pool.Id!,
          ClientName: 'app',
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        }),
      )
    ).UserPoolClient!.ClientId!;
    await rejectsWith(
      c.send(
        new InitiateAuthCommand({
          ClientId: id,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'olga', PASSWORD: 'OldPassw0rd!' },
        }),
      ),
      'UserNotFoundException',
      `Exception migrating user in app client ${id}`,
    );
  });
});
