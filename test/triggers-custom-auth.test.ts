// CUSTOM_AUTH through the real clients, unchanged: amazon-cognito-identity-js (initiateAuth and
// sendCustomChallengeAnswer; authenticateUser with CUSTOM_AUTH, which proves the password by SRP
// first), Amplify v6 (CUSTOM_WITHOUT_SRP and confirmSignIn), and the AWS SDK for the faults. The
// three handlers are the developer guide's usual ones: three tries at a secret answer.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import identity from 'amazon-cognito-identity-js';
import { Amplify } from 'aws-amplify';
import { confirmSignIn, signIn, signOut } from 'aws-amplify/auth';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { eachBackend, rejectsWith, startServer, type TestServer } from './support/server.js';
import { createNodeFunction } from './support/lambda.js';
import { fnArn, loggedEvents, poolWith } from './support/triggers.js';

const { CognitoUserPool, CognitoUser, AuthenticationDetails } = identity;
const PASSWORD = 'Passw0rd!';

const DEFINE = `exports.handler = async (event) => {
  console.log(JSON.stringify(event));
  const s = event.request.session;
  const last = s[s.length - 1];
  if (event.request.userNotFound) event.response.failAuthentication = true;
  else if (s.length === 1 && last.challengeName === 'SRP_A') event.response.challengeName = 'PASSWORD_VERIFIER';
  else if (last && last.challengeName === 'CUSTOM_CHALLENGE' && last.challengeResult) event.response.issueTokens = true;
  else if (s.filter((c) => c.challengeName === 'CUSTOM_CHALLENGE').length >= 3) event.response.failAuthentication = true;
  else event.response.challengeName = 'CUSTOM_CHALLENGE';
  if (!event.response.challengeName) event.response.challengeName = null;
  event.response.issueTokens = !!event.response.issueTokens;
  event.response.failAuthentication = !!event.response.failAuthentication;
  return event;
};`;
const CREATE = `exports.handler = async (event) => {
  console.log(JSON.stringify(event));
  event.response.publicChallengeParameters = { hint: 'the answer to everything' };
  event.response.privateChallengeParameters = { answer: process.env.ANSWER };
  event.response.challengeMetadata = 'TRY-' + event.request.session.length;
  return event;
};`;
const VERIFY = `exports.handler = async (event) => {
  console.log(JSON.stringify(event));
  event.response.answerCorrect = event.request.challengeAnswer === event.request.privateChallengeParameters.answer;
  return event;
};`;

eachBackend('CUSTOM_AUTH', (backend) => {
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
    await createNodeFunction(lambda, 'define', DEFINE);
    await createNodeFunction(lambda, 'create', CREATE, { env: { ANSWER: '42' } });
    await createNodeFunction(lambda, 'verify', VERIFY);
    ({ poolId, clientId } = await poolWith(c, lambda, {
      DefineAuthChallenge: fnArn('define'),
      CreateAuthChallenge: fnArn('create'),
      VerifyAuthChallengeResponse: fnArn('verify'),
    }));
    for (const Username of ['carla', 'cody', 'amp']) {
      await c.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username, MessageAction: 'SUPPRESS' }));
      await c.send(
        new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username, Password: PASSWORD, Permanent: true }),
      );
    }
  });
  after(() => s.stop());

  const cognitoUser = (Username: string) =>
    new CognitoUser({
      Username,
      Pool: new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: s.url }),
    });

  /** amazon-cognito-identity-js's custom flow, answering each challenge from `answers` in turn. */
  function customSignIn(Username: string, answers: string[], withPassword = false) {
    const user = cognitoUser(Username);
    user.setAuthenticationFlowType('CUSTOM_AUTH');
    const details = new AuthenticationDetails({ Username, ...(withPassword ? { Password: PASSWORD } : {}) });
    const seen: Record<string, string>[] = [];
    return new Promise<{ session: identity.CognitoUserSession; seen: typeof seen }>((resolve, reject) => {
      const callbacks = {
        onSuccess: (session: identity.CognitoUserSession) => resolve({ session, seen }),
        onFailure: reject,
        customChallenge(parameters: Record<string, string>) {
          seen.push(parameters);
          user.sendCustomChallengeAnswer(answers.shift() ?? '', callbacks);
        },
      };
      if (withPassword) user.authenticateUser(details, callbacks);
      else user.initiateAuth(details, callbacks);
    });
  }

  test('passed: amazon-cognito-identity-js answers the challenge and gets tokens; the events', async () => {
    const { session, seen } = await customSignIn('carla', ['42'], false);
    assert.equal(session.getIdToken().decodePayload()['cognito:username'], 'carla');
    assert.deepEqual(seen, [{ hint: 'the answer to everything', USERNAME: 'carla' }]);
    const defines = await loggedEvents(logs, 'define', 2, (e) => e.userName === 'carla');
    assert.equal(defines.length, 2);
    assert.equal(defines[0].triggerSource, 'DefineAuthChallenge_Authentication');
    assert.deepEqual(defines[0].request.session, []);
    assert.equal(defines[0].request.userNotFound, false);
    assert.equal(defines[0].request.userAttributes['cognito:user_status'], 'CONFIRMED');
    assert.deepEqual(defines[1].request.session, [
      { challengeName: 'CUSTOM_CHALLENGE', challengeResult: true, challengeMetadata: 'TRY-0' },
    ]);
    const [verify] = await loggedEvents(logs, 'verify', 1, (e) => e.userName === 'carla');
    assert.deepEqual(verify.request.privateChallengeParameters, { answer: '42' });
    assert.equal(verify.request.challengeAnswer, '42');
    assert.equal(verify.callerContext.clientId, clientId);
  });

  test('failed: three wrong answers are NotAuthorizedException; a wrong then a right one passes', async () => {
    await assert.rejects(customSignIn('cody', ['1', '2', '3']), (e: Error & { code?: string }) => {
      assert.equal(e.code ?? e.name, 'NotAuthorizedException');
      assert.equal(e.message, 'Incorrect username or password.');
      return true;
    });
    const { seen } = await customSignIn('cody', ['41', '42']);
    assert.equal(seen.length, 2);
  });

  test('with SRP first: authenticateUser under CUSTOM_AUTH proves the password, then the challenge', async () => {
    const { session } = await customSignIn('carla', ['42'], true);
    assert.equal(session.getAccessToken().decodePayload().username, 'carla');
    // Define saw the session grow: SRP_A, then SRP_A and PASSWORD_VERIFIER (the log lands in batches).
    const sessionsOf = async () =>
      (await loggedEvents(logs, 'define'))
        .filter((e) => e.userName === 'carla')
        .map((e) => e.request.session.map((r: { challengeName: string }) => r.challengeName).join(','));
    let sessions = await sessionsOf();
    for (let i = 0; i < 100 && !sessions.includes('SRP_A,PASSWORD_VERIFIER,CUSTOM_CHALLENGE'); i++) {
      await new Promise((r) => setTimeout(r, 50));
      sessions = await sessionsOf();
    }
    assert.ok(sessions.includes('SRP_A'));
    assert.ok(sessions.includes('SRP_A,PASSWORD_VERIFIER'));
    assert.ok(sessions.includes('SRP_A,PASSWORD_VERIFIER,CUSTOM_CHALLENGE'));
  });

  test('the session answers once; an unknown user; no DefineAuthChallenge', async () => {
    const started = await c.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'carla' } }),
    );
    assert.equal(started.ChallengeName, 'CUSTOM_CHALLENGE');
    const answer = () =>
      c.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: 'CUSTOM_CHALLENGE',
          Session: started.Session,
          ChallengeResponses: { USERNAME: 'carla', ANSWER: '42' },
        }),
      );
    assert.ok((await answer()).AuthenticationResult?.AccessToken);
    await rejectsWith(
      answer(),
      'NotAuthorizedException',
      'Invalid session for the user, session can only be used once.',
    );
    await rejectsWith(
      c.send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'CUSTOM_AUTH',
          AuthParameters: { USERNAME: 'nobody' },
        }),
      ),
      'UserNotFoundException',
    );
    const { clientId: bare } = await poolWith(c, lambda, {});
    await rejectsWith(
      c.send(new InitiateAuthCommand({ ClientId: bare, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'x' } })),
      'UnexpectedLambdaException',
      'null invocation failed due to configuration.',
    );
  });

  test('a hiding client: an unknown name runs Define with userNotFound; an unconfirmed user hears it after the challenge', async () => {
    const hiding = (
      await c.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'hiding',
          ExplicitAuthFlows: ['ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
          PreventUserExistenceErrors: 'ENABLED',
        }),
      )
    ).UserPoolClient!.ClientId!;
    const start = (USERNAME: string) =>
      c.send(new InitiateAuthCommand({ ClientId: hiding, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME } }));
    await rejectsWith(start('ghost'), 'NotAuthorizedException', 'Incorrect username or password.');
    const [ghost] = await loggedEvents(logs, 'define', 1, (e) => e.userName === 'ghost');
    assert.equal(ghost.request.userNotFound, true);
    assert.deepEqual(ghost.request.userAttributes, {});
    await c.send(new SignUpCommand({ ClientId: hiding, Username: 'uma', Password: PASSWORD }));
    const started = await start('uma');
    assert.equal(started.ChallengeName, 'CUSTOM_CHALLENGE');
    await rejectsWith(
      c.send(
        new RespondToAuthChallengeCommand({
          ClientId: hiding,
          ChallengeName: 'CUSTOM_CHALLENGE',
          Session: started.Session,
          ChallengeResponses: { USERNAME: 'uma', ANSWER: '42' },
        }),
      ),
      'UserNotConfirmedException',
    );
  });

  if (backend === 'sqlite')
    test('Amplify v6: CUSTOM_WITHOUT_SRP and confirmSignIn', async () => {
      Amplify.configure({
        Auth: { Cognito: { userPoolId: poolId, userPoolClientId: clientId, userPoolEndpoint: s.url } },
      });
      const first = await signIn({ username: 'amp', options: { authFlowType: 'CUSTOM_WITHOUT_SRP' } });
      assert.equal(first.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE');
      const wrong = await confirmSignIn({ challengeResponse: '7' });
      assert.equal(wrong.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE');
      const done = await confirmSignIn({ challengeResponse: '42' });
      assert.equal(done.isSignedIn, true);
      await signOut();
    });
});
