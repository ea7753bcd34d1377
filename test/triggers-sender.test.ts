// CustomEmailSender and CustomSMSSender through the real clients: the code reaches the function
// encrypted for the pool's KMS key in the AWS Encryption SDK's message format; the handler (the
// developer guide's, in our words) decrypts it with @aws-crypto/client-node's KMS keyring against
// cognate's KMS and logs it; the user confirms with the code the handler read. Cognito itself
// sends nothing on that channel.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  SignUpCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { eachBackend, startServer, type TestServer } from './support/server.js';
import { createNodeFunction } from './support/lambda.js';
import { fnArn, loggedEvents, poolWith } from './support/triggers.js';

// Decrypts as AWS's example does (buildClient, KmsKeyringNode with the key's ARN), then logs the
// event with the plaintext code, so the test reads what the handler could deliver.
const SENDER = `
const { buildClient, CommitmentPolicy, KmsKeyringNode } = require('@aws-crypto/client-node');
const { decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);
const keyring = new KmsKeyringNode({ keyIds: [process.env.KEY_ARN] });
exports.handler = async (event) => {
  const { plaintext } = await decrypt(keyring, Buffer.from(event.request.code, 'base64'));
  console.log(JSON.stringify({ ...event, plaintextCode: plaintext.toString() }));
  return event;
};`;

eachBackend('custom senders', (backend) => {
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
    const key = (await s.client(KMSClient).send(new CreateKeyCommand({ Description: 'cognito codes' }))).KeyMetadata!;
    await createNodeFunction(lambda, 'email-sender', SENDER, { env: { KEY_ARN: key.Arn! } });
    await createNodeFunction(lambda, 'sms-sender', SENDER, { env: { KEY_ARN: key.Arn! } });
    ({ poolId, clientId } = await poolWith(c, lambda, {
      CustomEmailSender: { LambdaArn: fnArn('email-sender'), LambdaVersion: 'V1_0' },
      CustomSMSSender: { LambdaArn: fnArn('sms-sender'), LambdaVersion: 'V1_0' },
      KMSKeyID: key.Arn!,
    }));
  });
  after(() => s.stop());

  /** The events the sender logged for `userName`, once `count` are there. */
  async function sent(fn: string, userName: string, count = 1) {
    // The sender runs after the answer, then its log lands in batches: a longer wait than loggedEvents'.
    for (let i = 0; ; i++) {
      const events = await loggedEvents(logs, fn, count, (e) => e.userName === userName);
      if (events.length >= count || i === 2) return events;
    }
  }

  test('SignUp: the email sender decrypts the code, which confirms the user; Cognito sends no email', async () => {
    const signedUp = await c.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: 'sam',
        Password: 'Passw0rd!',
        UserAttributes: [{ Name: 'email', Value: 'sam@example.com' }],
      }),
    );
    assert.equal(signedUp.CodeDeliveryDetails?.DeliveryMedium, 'EMAIL');
    const [event] = await sent('email-sender', 'sam');
    assert.equal(event.triggerSource, 'CustomEmailSender_SignUp');
    assert.equal(event.version, '1');
    assert.equal(event.request.type, 'customEmailSenderRequestV1');
    assert.equal(event.request.userAttributes.email, 'sam@example.com');
    assert.match(event.plaintextCode, /^\d{6}$/);
    // The Encryption SDK's message: version 2 (committing suites) starts with byte 0x02.
    assert.equal(Buffer.from(event.request.code, 'base64')[0], 0x02);
    await c.send(
      new ConfirmSignUpCommand({ ClientId: clientId, Username: 'sam', ConfirmationCode: event.plaintextCode }),
    );
    assert.equal(
      (await c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'sam' }))).UserStatus,
      'CONFIRMED',
    );
    assert.equal((await s.mailbox()).filter((m) => m.Destination.ToAddresses.includes('sam@example.com')).length, 0);

    await c.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'sam' }));
    const reset = (await sent('email-sender', 'sam', 2))[1];
    assert.equal(reset.triggerSource, 'CustomEmailSender_ForgotPassword');
    await c.send(
      new ConfirmForgotPasswordCommand({
        ClientId: clientId,
        Username: 'sam',
        ConfirmationCode: reset.plaintextCode,
        Password: 'NewPassw0rd!',
      }),
    );
    const signedIn = await c.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'sam', PASSWORD: 'NewPassw0rd!' },
      }),
    );
    assert.ok(signedIn.AuthenticationResult?.AccessToken);
  });

  test('AdminCreateUser by SMS: the SMS sender gets the temporary password', async () => {
    await c.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'tess',
        TemporaryPassword: 'TempPassw0rd!',
        DesiredDeliveryMediums: ['SMS'],
        UserAttributes: [{ Name: 'phone_number', Value: '+15555550123' }],
      }),
    );
    const [event] = await sent('sms-sender', 'tess');
    assert.equal(event.triggerSource, 'CustomSMSSender_AdminCreateUser');
    assert.equal(event.request.type, 'customSMSSenderRequestV1');
    assert.equal(event.plaintextCode, 'TempPassw0rd!');
  });
});
