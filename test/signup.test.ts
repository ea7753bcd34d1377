import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateUserPoolCommand,
  CreateUserPoolClientCommand,
  SignUpCommand,
  ConfirmSignUpCommand,
  AdminGetUserCommand,
  ResendConfirmationCodeCommand,
  AdminConfirmSignUpCommand,
  AdminUpdateUserAttributesCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { eachBackend, startServer, codeIn, rejectsWith, testClock, type TestServer } from './support/server.js';

eachBackend('sign-up with an emailed code', (backend) => {
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  let poolId: string;
  let clientId: string;
  before(async () => {
    s = await startServer({ backend });
    c = s.cognito();
    poolId = (await c.send(new CreateUserPoolCommand({ PoolName: 'signup', AutoVerifiedAttributes: ['email'] })))
      .UserPool!.Id!;
    clientId = (await c.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web' })))
      .UserPoolClient!.ClientId!;
  });
  after(() => s.stop());

  test('the code emailed at sign-up confirms the user', async () => {
    const su = await c.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: 'alice',
        Password: 'Passw0rd!',
        UserAttributes: [{ Name: 'email', Value: 'alice@example.com' }],
      }),
    );
    assert.equal(su.UserConfirmed, false);
    assert.match(su.UserSub!, /^[0-9a-f-]{36}$/);
    assert.deepEqual(su.CodeDeliveryDetails, {
      Destination: 'a***@e***',
      DeliveryMedium: 'EMAIL',
      AttributeName: 'email',
    });
    const mail = await s.waitForEmail('alice@example.com');
    assert.equal(mail.Source, 'no-reply@verificationemail.com');
    assert.equal(mail.Subject, 'Your verification code');
    assert.match(mail.Body.text_part!, /^Your verification code is \d{6}\. $/);
    await rejectsWith(
      c.send(
        new ConfirmSignUpCommand({
          ClientId: clientId,
          Username: 'alice',
          ConfirmationCode: codeIn(mail) === '000000' ? '111111' : '000000',
        }),
      ),
      'CodeMismatchException',
      'Invalid verification code provided, please try again.',
    );
    await c.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'alice', ConfirmationCode: codeIn(mail) }));
    const user = await c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'alice' }));
    assert.equal(user.UserStatus, 'CONFIRMED');
    assert.deepEqual(user.UserAttributes, [
      { Name: 'email', Value: 'alice@example.com' },
      { Name: 'email_verified', Value: 'true' },
      { Name: 'sub', Value: su.UserSub },
    ]);
    await rejectsWith(
      c.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'alice', ConfirmationCode: codeIn(mail) })),
      'NotAuthorizedException',
      'User cannot be confirmed. Current status is CONFIRMED',
    );
  });

  test('a resent code replaces the old one', async () => {
    await c.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: 'bob',
        Password: 'Passw0rd!',
        UserAttributes: [{ Name: 'email', Value: 'bob@example.com' }],
      }),
    );
    const first = await s.waitForEmail('bob@example.com');
    const resent = await c.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'bob' }));
    assert.equal(resent.CodeDeliveryDetails?.Destination, 'b***@e***');
    const second = await s.waitForEmail('bob@example.com', { after: 1 });
    if (codeIn(first) !== codeIn(second)) {
      await rejectsWith(
        c.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'bob', ConfirmationCode: codeIn(first) })),
        'CodeMismatchException',
      );
    }
    await c.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'bob', ConfirmationCode: codeIn(second) }));
    await rejectsWith(
      c.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'bob' })),
      'InvalidParameterException',
      'User is already confirmed.',
    );
  });

  test('fifteen confirmation attempts an hour, whatever the resends', async () => {
    await c.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: 'carol',
        Password: 'Passw0rd!',
        UserAttributes: [{ Name: 'email', Value: 'carol@example.com' }],
      }),
    );
    const confirm = (ConfirmationCode: string) =>
      c.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'carol', ConfirmationCode }));
    let mail = await s.waitForEmail('carol@example.com');
    const wrong = () => (codeIn(mail) === '123456' ? '654321' : '123456');
    for (let i = 0; i < 15; i++) {
      // A fresh code does not buy fresh guesses.
      if (i === 7) {
        await c.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'carol' }));
        mail = await s.waitForEmail('carol@example.com', { after: 1 });
      }
      await rejectsWith(confirm(wrong()), 'CodeMismatchException');
    }
    await rejectsWith(
      confirm(codeIn(mail)),
      'LimitExceededException',
      'Attempt limit exceeded, please try after some time.',
    );
  });

  test('sign-up errors as AWS words them', async () => {
    await rejectsWith(
      c.send(new SignUpCommand({ ClientId: clientId, Username: 'alice', Password: 'Passw0rd!' })),
      'UsernameExistsException',
      'User already exists',
    );
    await rejectsWith(
      c.send(new SignUpCommand({ ClientId: clientId, Username: 'dave', Password: 'short' })),
      'InvalidPasswordException',
      'Password did not conform with policy: Password not long enough',
    );
    await rejectsWith(
      c.send(new SignUpCommand({ ClientId: clientId, Username: 'dave', Password: 'passw0rd!' })),
      'InvalidPasswordException',
      'Password did not conform with policy: Password must have uppercase characters',
    );
    await rejectsWith(
      c.send(new SignUpCommand({ ClientId: 'nosuchclient0000000000000', Username: 'dave', Password: 'Passw0rd!' })),
      'ResourceNotFoundException',
      'User pool client nosuchclient0000000000000 does not exist.',
    );
    await rejectsWith(
      c.send(
        new SignUpCommand({
          ClientId: clientId,
          Username: 'dave',
          Password: 'Passw0rd!',
          UserAttributes: [
            { Name: 'shoe_size', Value: '9' },
            { Name: 'name', Value: 'Dave' },
            { Name: 'custom:hat', Value: 'L' },
          ],
        }),
      ),
      'InvalidParameterException',
      'Attributes did not conform to the schema: shoe_size: Attribute does not exist in the schema.\ncustom:hat: Attribute does not exist in the schema.\n',
    );
    await rejectsWith(
      c.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'nobody', ConfirmationCode: '123456' })),
      'UserNotFoundException',
      'Username/client id combination not found.',
    );
  });

  test('a sign-up code does not confirm an address it was not sent to', async () => {
    await c.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: 'ivy',
        Password: 'Passw0rd!',
        UserAttributes: [{ Name: 'email', Value: 'ivy@example.com' }],
      }),
    );
    const old = await s.waitForEmail('ivy@example.com');
    await c.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: poolId,
        Username: 'ivy',
        UserAttributes: [{ Name: 'email', Value: 'ivy.new@example.com' }],
      }),
    );
    await rejectsWith(
      c.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'ivy', ConfirmationCode: codeIn(old) })),
      'ExpiredCodeException',
      'Invalid code provided, please request a code again.',
    );
    await c.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'ivy' }));
    await c.send(
      new ConfirmSignUpCommand({
        ClientId: clientId,
        Username: 'ivy',
        ConfirmationCode: codeIn(await s.waitForEmail('ivy.new@example.com', { after: 1 })),
      }),
    );
    const user = await c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'ivy' }));
    assert.equal(user.UserAttributes!.find((a) => a.Name === 'email_verified')!.Value, 'true');
  });

  test('a client that hides users answers a resend for an unknown user as if it were sent', async () => {
    const hiding = (
      await c.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'hiding',
          PreventUserExistenceErrors: 'ENABLED',
        }),
      )
    ).UserPoolClient!.ClientId!;
    const before = (await s.mailbox()).length;
    const first = await c.send(new ResendConfirmationCodeCommand({ ClientId: hiding, Username: 'nobody' }));
    assert.equal(first.CodeDeliveryDetails?.DeliveryMedium, 'EMAIL');
    assert.match(first.CodeDeliveryDetails!.Destination!, /^[a-z]\*\*\*@[a-z]\*\*\*$/);
    // The same answer every time, so repeating the call tells nothing; and nothing was sent.
    assert.deepEqual(
      (await c.send(new ResendConfirmationCodeCommand({ ClientId: hiding, Username: 'nobody' }))).CodeDeliveryDetails,
      first.CodeDeliveryDetails,
    );
    assert.equal((await s.mailbox()).length, before);
    await rejectsWith(
      c.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'nobody' })),
      'UserNotFoundException',
      'Username/client id combination not found.',
    );
  });

  test('a pool that auto-verifies nothing refuses a resend with NotAuthorizedException, as AWS does', async () => {
    const quiet = (await c.send(new CreateUserPoolCommand({ PoolName: 'quiet' }))).UserPool!.Id!;
    const client = (PreventUserExistenceErrors?: 'ENABLED') =>
      c
        .send(new CreateUserPoolClientCommand({ UserPoolId: quiet, ClientName: 'web', PreventUserExistenceErrors }))
        .then((r) => r.UserPoolClient!.ClientId!);
    const [plain, hiding] = [await client(), await client('ENABLED')];
    await c.send(
      new SignUpCommand({
        ClientId: plain,
        Username: 'quinn',
        Password: 'Passw0rd!',
        UserAttributes: [{ Name: 'email', Value: 'quinn@example.com' }],
      }),
    );
    for (const ClientId of [plain, hiding])
      await rejectsWith(
        c.send(new ResendConfirmationCodeCommand({ ClientId, Username: 'quinn' })),
        'NotAuthorizedException',
        'Cannot resend codes. Auto verification not turned on.',
      );
  });

  test('an admin confirms without a code', async () => {
    await c.send(new SignUpCommand({ ClientId: clientId, Username: 'erin', Password: 'Passw0rd!' }));
    await c.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'erin' }));
    assert.equal(
      (await c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'erin' }))).UserStatus,
      'CONFIRMED',
    );
    await rejectsWith(
      c.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'erin' })),
      'NotAuthorizedException',
      'User cannot be confirmed. Current status is CONFIRMED',
    );
  });
});

eachBackend('resend throttling', (backend) => {
  const clock = testClock();
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  let clientId: string;
  before(async () => {
    s = await startServer({ backend, now: clock.now });
    c = s.cognito();
    const poolId = (await c.send(new CreateUserPoolCommand({ PoolName: 'resend', AutoVerifiedAttributes: ['email'] })))
      .UserPool!.Id!;
    clientId = (await c.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web' })))
      .UserPoolClient!.ClientId!;
  });
  after(() => s.stop());

  test('five resends an hour, then LimitExceededException until the hour is over', async () => {
    await c.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: 'hal',
        Password: 'Passw0rd!',
        UserAttributes: [{ Name: 'email', Value: 'hal@example.com' }],
      }),
    );
    for (let i = 0; i < 5; i++)
      await c.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'hal' }));
    const sixth = await s.waitForEmail('hal@example.com', { after: 5 });
    await rejectsWith(
      c.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'hal' })),
      'LimitExceededException',
      'Attempt limit exceeded, please try after some time.',
    );
    // The refused resend sent nothing and left the last code working.
    assert.equal((await s.mailbox()).filter((m) => m.Destination.ToAddresses.includes('hal@example.com')).length, 6);
    clock.advance(3600_000);
    await c.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'hal' }));
    const fresh = await s.waitForEmail('hal@example.com', { after: 6 });
    if (codeIn(fresh) !== codeIn(sixth)) {
      await rejectsWith(
        c.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'hal', ConfirmationCode: codeIn(sixth) })),
        'CodeMismatchException',
      );
    }
    await c.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'hal', ConfirmationCode: codeIn(fresh) }));
  });
});
