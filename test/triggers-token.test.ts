// PreTokenGeneration V1 and V2 through the real clients: claims added, overridden and suppressed,
// groups replaced, the access token's claims and scopes (V2), the refresh source, a refusal, and
// what Cognito keeps whatever the function answers.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CreateGroupCommand,
  InitiateAuthCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { eachBackend, rejectsWith, startServer, type TestServer } from './support/server.js';
import { createNodeFunction } from './support/lambda.js';
import { fnArn, loggedEvents, poolWith } from './support/triggers.js';

const PASSWORD = 'Passw0rd!';
const claimsOf = (jwt: string | undefined) =>
  JSON.parse(Buffer.from(jwt!.split('.')[1], 'base64url').toString('utf8')) as Record<string, any>;

const V1 = `exports.handler = (event, context, callback) => {
  console.log(JSON.stringify(event));
  if (event.userName === 'xena') throw new Error('no tokens today');
  event.response = {
    claimsOverrideDetails: {
      claimsToAddOrOverride: { tier: 'gold', family_name: 'Override', sub: 'not-mine', both: 'x' },
      claimsToSuppress: ['email', 'both'],
      groupOverrideDetails: { groupsToOverride: ['from-lambda'], iamRolesToOverride: [], preferredRole: null },
    },
  };
  callback(null, event);
};`;

const V2 = `exports.handler = async (event) => {
  console.log(JSON.stringify(event));
  event.response = {
    claimsAndScopeOverrideDetails: {
      idTokenGeneration: { claimsToAddOrOverride: { source: event.triggerSource } },
      accessTokenGeneration: {
        claimsToAddOrOverride: { tenant: 'acme', roles: ['admin', 'reader'], limits: { rps: 5 }, client_id: 'forged' },
        claimsToSuppress: ['auth_time'],
        scopesToAdd: ['orders/read'],
        scopesToSuppress: [],
      },
    },
  };
  return event;
};`;

eachBackend('PreTokenGeneration', (backend) => {
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  let lambda: LambdaClient;
  let logs: CloudWatchLogsClient;
  before(async () => {
    s = await startServer({ backend });
    c = s.cognito();
    lambda = s.client(LambdaClient);
    logs = s.client(CloudWatchLogsClient);
    await createNodeFunction(lambda, 'tokens-v1', V1);
    await createNodeFunction(lambda, 'tokens-v2', V2);
  });
  after(() => s.stop());

  async function userIn(poolId: string, Username: string) {
    await c.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: `${Username}@example.com` },
          { Name: 'family_name', Value: 'Real' },
        ],
      }),
    );
    await c.send(
      new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username, Password: PASSWORD, Permanent: true }),
    );
  }
  const signIn = (ClientId: string, USERNAME: string) =>
    c.send(
      new InitiateAuthCommand({ ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME, PASSWORD } }),
    );

  test('V1: a claim added, one overridden, email suppressed, groups replaced; protected claims kept', async () => {
    const { poolId, clientId } = await poolWith(c, lambda, { PreTokenGeneration: fnArn('tokens-v1') });
    await userIn(poolId, 'vera');
    await c.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'staff' }));
    await c.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'vera', GroupName: 'staff' }));
    const tokens = (await signIn(clientId, 'vera')).AuthenticationResult!;
    const id = claimsOf(tokens.IdToken);
    assert.equal(id.tier, 'gold');
    assert.equal(id.family_name, 'Override');
    assert.equal(id.email, undefined);
    assert.equal(id.both, undefined);
    assert.notEqual(id.sub, 'not-mine');
    assert.deepEqual(id['cognito:groups'], ['from-lambda']);
    const access = claimsOf(tokens.AccessToken);
    assert.equal(access.tier, undefined);
    assert.deepEqual(access['cognito:groups'], ['from-lambda']);
    const [event] = await loggedEvents(logs, 'tokens-v1', 1, (e) => e.userName === 'vera');
    assert.equal(event.version, '1');
    assert.equal(event.triggerSource, 'TokenGeneration_Authentication');
    assert.deepEqual(event.request.groupConfiguration, {
      groupsToOverride: ['staff'],
      iamRolesToOverride: [],
      preferredRole: null,
    });
    assert.equal(event.request.userAttributes.email, 'vera@example.com');
    assert.equal('scopes' in event.request, false);
    assert.deepEqual(event.response, { claimsOverrideDetails: null });
  });

  test('V2: the access token gets claims of any JSON type and a scope; refresh is TokenGeneration_RefreshTokens', async () => {
    const { poolId, clientId } = await poolWith(c, lambda, {
      PreTokenGenerationConfig: { LambdaArn: fnArn('tokens-v2'), LambdaVersion: 'V2_0' },
    });
    await userIn(poolId, 'walt');
    const tokens = (await signIn(clientId, 'walt')).AuthenticationResult!;
    const access = claimsOf(tokens.AccessToken);
    assert.equal(access.tenant, 'acme');
    assert.deepEqual(access.roles, ['admin', 'reader']);
    assert.deepEqual(access.limits, { rps: 5 });
    assert.equal(access.client_id, clientId);
    // auth_time is one of the claims Cognito keeps: suppressing it has no effect.
    assert.equal(typeof access.auth_time, 'number');
    assert.equal(access.scope, 'aws.cognito.signin.user.admin orders/read');
    assert.equal(claimsOf(tokens.IdToken).source, 'TokenGeneration_Authentication');
    const refreshed = await c.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken! },
      }),
    );
    assert.equal(claimsOf(refreshed.AuthenticationResult!.IdToken).source, 'TokenGeneration_RefreshTokens');
    assert.equal(claimsOf(refreshed.AuthenticationResult!.AccessToken).tenant, 'acme');
    const [event] = await loggedEvents(logs, 'tokens-v2', 1, (e) => e.userName === 'walt');
    assert.equal(event.version, '2');
    assert.deepEqual(event.request.scopes, ['aws.cognito.signin.user.admin']);
    assert.deepEqual(event.response, { claimsAndScopeOverrideDetails: null });
  });

  test('a function that throws: UserLambdaValidationException and no tokens', async () => {
    const { poolId, clientId } = await poolWith(c, lambda, { PreTokenGeneration: fnArn('tokens-v1') });
    await userIn(poolId, 'xena');
    await rejectsWith(
      signIn(clientId, 'xena'),
      'UserLambdaValidationException',
      'PreTokenGeneration failed with error no tokens today.',
    );
  });
});
