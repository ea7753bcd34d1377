// ClientMetadata reaches the triggers each operation's API reference names, read from the events a
// recording function logged to its CloudWatch Logs group: a sign-in's answer to a challenge
// (PostAuthentication, PreTokenGeneration; not InitiateAuth's, which stops at PreAuthentication),
// GetTokensFromRefreshToken (PreTokenGeneration), AdminResetUserPassword (CustomMessage), and the
// operations that send a code through a custom sender.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminResetUserPasswordCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  ForgotPasswordCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserAttributeVerificationCodeCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import identity from 'amazon-cognito-identity-js';
import { eachBackend, startServer, type TestServer } from './support/server.js';
import { createNodeFunction } from './support/lambda.js';
import { fnArn, loggedEvents, poolWith } from './support/triggers.js';

const { CognitoUserPool, CognitoUser, AuthenticationDetails } = identity;

const RECORDER = `exports.handler = async (event) => {
  console.log(JSON.stringify(event));
  return event;
};`;

const PASSWORD = 'Passw0rd!';
const TEMPORARY = 'TempPassw0rd!';

eachBackend('ClientMetadata to triggers', (backend) => {
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  let lambda: LambdaClient;
  let logs: CloudWatchLogsClient;
  let keyArn: string;
  before(async () => {
    s = await startServer({ backend });
    c = s.cognito();
    lambda = s.client(LambdaClient);
    logs = s.client(CloudWatchLogsClient);
    keyArn = (await s.client(KMSClient).send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
    await createNodeFunction(lambda, 'recorder', RECORDER);
  });
  after(() => s.stop());

  /** The events of `poolId` with `source` that `which` picks, once `count` are there (senders run after the answer). */
  async function seen(
    poolId: string,
    source: string,
    count = 1,
    which: (e: Record<string, any>) => boolean = () => true,
  ) {
    for (let i = 0; ; i++) {
      const events = await loggedEvents(
        logs,
        'recorder',
        count,
        (e) => e.userPoolId === poolId && e.triggerSource === source && which(e),
      );
      if (events.length >= count || i === 2) return events;
    }
  }
  const tagged = (op: string) => (e: Record<string, any>) => e.request.clientMetadata?.op === op;

  async function invited(poolId: string, Username: string) {
    await c.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username,
        TemporaryPassword: TEMPORARY,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: `${Username}@example.com` },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
  }

  const SIGN_IN = {
    PreAuthentication: fnArn('recorder'),
    PostAuthentication: fnArn('recorder'),
    PreTokenGeneration: fnArn('recorder'),
  };

  test('RespondToAuthChallenge: PostAuthentication and PreTokenGeneration get its ClientMetadata; InitiateAuth: PreAuthentication only', async () => {
    const { poolId, clientId } = await poolWith(c, lambda, SIGN_IN);
    await invited(poolId, 'ruth');
    const started = await c.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'ruth', PASSWORD: TEMPORARY },
        ClientMetadata: { op: 'initiate' },
      }),
    );
    assert.equal(started.ChallengeName, 'NEW_PASSWORD_REQUIRED');
    const done = await c.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: started.Session,
        ChallengeResponses: { USERNAME: 'ruth', NEW_PASSWORD: PASSWORD },
        ClientMetadata: { op: 'respond' },
      }),
    );
    assert.ok(done.AuthenticationResult?.AccessToken);
    // InitiateAuth's reaches PreAuthentication as its validationData (API reference).
    const [pre] = await seen(poolId, 'PreAuthentication_Authentication');
    assert.deepEqual(pre.request.validationData, { op: 'initiate' });
    assert.equal(pre.request.clientMetadata, undefined);
    const [post] = await seen(poolId, 'PostAuthentication_Authentication');
    assert.deepEqual(post.request.clientMetadata, { op: 'respond' });
    const [tokens] = await seen(poolId, 'TokenGeneration_NewPasswordChallenge');
    assert.deepEqual(tokens.request.clientMetadata, { op: 'respond' });

    // A sign-in that InitiateAuth completes: "doesn't pass ClientMetadata" to these two.
    await c.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'ruth', PASSWORD },
        ClientMetadata: { op: 'again' },
      }),
    );
    const posts = await seen(poolId, 'PostAuthentication_Authentication', 2);
    assert.equal(posts.length, 2);
    assert.equal(posts[1].request.clientMetadata, undefined);
    const [plain] = await seen(poolId, 'TokenGeneration_Authentication');
    assert.equal(plain.request.clientMetadata, undefined);
  });

  test("USER_SRP_AUTH (amazon-cognito-identity-js): InitiateAuth's ClientMetadata is PreAuthentication's validationData when the proof arrives", async () => {
    const { poolId, clientId } = await poolWith(c, lambda, SIGN_IN);
    await invited(poolId, 'sam');
    await c.send(
      new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'sam', Password: PASSWORD, Permanent: true }),
    );
    const pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: s.url });
    const user = new CognitoUser({ Username: 'sam', Pool: pool });
    // The library sends ValidationData as ClientMetadata with InitiateAuth and with the proof.
    await new Promise((resolve, reject) =>
      user.authenticateUser(
        new AuthenticationDetails({ Username: 'sam', Password: PASSWORD, ValidationData: { op: 'srp' } }),
        { onSuccess: resolve, onFailure: reject },
      ),
    );
    const [pre] = await seen(poolId, 'PreAuthentication_Authentication');
    assert.deepEqual(pre.request.validationData, { op: 'srp' });
    assert.equal(pre.request.clientMetadata, undefined);
  });

  test('AdminRespondToAuthChallenge: PostAuthentication and PreTokenGeneration get its ClientMetadata', async () => {
    const { poolId, clientId } = await poolWith(c, lambda, SIGN_IN);
    await invited(poolId, 'ada');
    const started = await c.send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'ada', PASSWORD: TEMPORARY },
      }),
    );
    await c.send(
      new AdminRespondToAuthChallengeCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: started.Session,
        ChallengeResponses: { USERNAME: 'ada', NEW_PASSWORD: PASSWORD },
        ClientMetadata: { op: 'admin-respond' },
      }),
    );
    const [post] = await seen(poolId, 'PostAuthentication_Authentication');
    assert.deepEqual(post.request.clientMetadata, { op: 'admin-respond' });
    const [tokens] = await seen(poolId, 'TokenGeneration_NewPasswordChallenge');
    assert.deepEqual(tokens.request.clientMetadata, { op: 'admin-respond' });
  });

  test('GetTokensFromRefreshToken: PreTokenGeneration gets its ClientMetadata', async () => {
    const { poolId, clientId } = await poolWith(c, lambda, { PreTokenGeneration: fnArn('recorder') });
    await invited(poolId, 'rita');
    await c.send(
      new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'rita', Password: PASSWORD, Permanent: true }),
    );
    const signedIn = await c.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'rita', PASSWORD },
      }),
    );
    await c.send(
      new GetTokensFromRefreshTokenCommand({
        ClientId: clientId,
        RefreshToken: signedIn.AuthenticationResult!.RefreshToken,
        ClientMetadata: { op: 'refresh' },
      }),
    );
    const [refresh] = await seen(poolId, 'TokenGeneration_RefreshTokens');
    assert.deepEqual(refresh.request.clientMetadata, { op: 'refresh' });
  });

  test('AdminResetUserPassword: CustomMessage gets its ClientMetadata', async () => {
    const { poolId } = await poolWith(c, lambda, { CustomMessage: fnArn('recorder') });
    await invited(poolId, 'rosa');
    await c.send(
      new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'rosa', Password: PASSWORD, Permanent: true }),
    );
    await c.send(
      new AdminResetUserPasswordCommand({
        UserPoolId: poolId,
        Username: 'rosa',
        ClientMetadata: { op: 'admin-reset' },
      }),
    );
    const [message] = await seen(poolId, 'CustomMessage_ForgotPassword');
    assert.deepEqual(message.request.clientMetadata, { op: 'admin-reset' });
  });

  test('the custom email sender gets the ClientMetadata of each operation that sends it a code', async () => {
    const { poolId, clientId } = await poolWith(c, lambda, {
      CustomEmailSender: { LambdaArn: fnArn('recorder'), LambdaVersion: 'V1_0' },
      KMSKeyID: keyArn,
    });
    const expect = async (op: string, source: string) => {
      const [event] = await seen(poolId, source, 1, tagged(op));
      assert.ok(event, `${op}: no ${source} event with its ClientMetadata`);
      assert.deepEqual(event.request.clientMetadata, { op });
    };
    await c.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: 'sid',
        Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: 'sid@example.com' }],
        ClientMetadata: { op: 'SignUp' },
      }),
    );
    await expect('SignUp', 'CustomEmailSender_SignUp');
    await c.send(
      new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'sid', ClientMetadata: { op: 'Resend' } }),
    );
    await expect('Resend', 'CustomEmailSender_ResendCode');
    await c.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'ivy',
        DesiredDeliveryMediums: ['EMAIL'],
        UserAttributes: [{ Name: 'email', Value: 'ivy@example.com' }],
        ClientMetadata: { op: 'AdminCreateUser' },
      }),
    );
    await expect('AdminCreateUser', 'CustomEmailSender_AdminCreateUser');

    await invited(poolId, 'fred');
    await c.send(
      new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'fred', Password: PASSWORD, Permanent: true }),
    );
    await c.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'fred', ClientMetadata: { op: 'Forgot' } }));
    await expect('Forgot', 'CustomEmailSender_ForgotPassword');
    await c.send(
      new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: 'fred', ClientMetadata: { op: 'AdminReset' } }),
    );
    await expect('AdminReset', 'CustomEmailSender_ForgotPassword');

    await invited(poolId, 'uma');
    await c.send(
      new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'uma', Password: PASSWORD, Permanent: true }),
    );
    const { AccessToken } = (
      await c.send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'uma', PASSWORD },
        }),
      )
    ).AuthenticationResult!;
    await c.send(
      new UpdateUserAttributesCommand({
        AccessToken,
        UserAttributes: [{ Name: 'email', Value: 'uma@example.org' }],
        ClientMetadata: { op: 'Update' },
      }),
    );
    await expect('Update', 'CustomEmailSender_UpdateUserAttribute');
    await c.send(
      new GetUserAttributeVerificationCodeCommand({
        AccessToken,
        AttributeName: 'email',
        ClientMetadata: { op: 'GetCode' },
      }),
    );
    await expect('GetCode', 'CustomEmailSender_UpdateUserAttribute');
    await c.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: poolId,
        Username: 'uma',
        UserAttributes: [{ Name: 'email', Value: 'uma@example.net' }],
        ClientMetadata: { op: 'AdminUpdate' },
      }),
    );
    await expect('AdminUpdate', 'CustomEmailSender_UpdateUserAttribute');
  });
});
