// What a signed-in user changes about themselves with their access token: attributes, their
// verification, and AttributesRequireVerificationBeforeUpdate.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateUserPoolCommand,
  CreateUserPoolClientCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  InitiateAuthCommand,
  GetUserCommand,
  UpdateUserAttributesCommand,
  DeleteUserAttributesCommand,
  GetUserAttributeVerificationCodeCommand,
  VerifyUserAttributeCommand,
  type CognitoIdentityProviderClient,
  type CreateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { eachBackend, startServer, rejectsWith, codeIn, type TestServer } from './support/server.js';

eachBackend('self-service attributes', (backend) => {
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  before(async () => {
    s = await startServer({ backend });
    c = s.cognito();
  });
  after(() => s.stop());

  /** A pool, a password client, and a signed-in user with a verified email; returns the access token. */
  const signedIn = async (
    username: string,
    pool: Omit<CreateUserPoolCommandInput, 'PoolName'> = {},
    WriteAttributes?: string[],
  ) => {
    const poolId = (
      await c.send(new CreateUserPoolCommand({ PoolName: 'self', AutoVerifiedAttributes: ['email'], ...pool }))
    ).UserPool!.Id!;
    const clientId = (
      await c.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'app',
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
          WriteAttributes,
        }),
      )
    ).UserPoolClient!.ClientId!;
    await c.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: username,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: `${username}@example.com` },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    await c.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: username,
        Password: 'Passw0rd!',
        Permanent: true,
      }),
    );
    const auth = await c.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: username, PASSWORD: 'Passw0rd!' },
      }),
    );
    return auth.AuthenticationResult!.AccessToken!;
  };
  const attrs = async (AccessToken: string) =>
    Object.fromEntries(
      (await c.send(new GetUserCommand({ AccessToken }))).UserAttributes!.map((a) => [a.Name, a.Value]),
    );

  test('a new email is unverified and gets a code that verifies it', async () => {
    const token = await signedIn('amy');
    const res = await c.send(
      new UpdateUserAttributesCommand({
        AccessToken: token,
        UserAttributes: [
          { Name: 'email', Value: 'amy.new@example.com' },
          { Name: 'name', Value: 'Amy' },
        ],
      }),
    );
    assert.deepEqual(res.CodeDeliveryDetailsList, [
      { Destination: 'a***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' },
    ]);
    assert.deepEqual(await attrs(token), {
      email: 'amy.new@example.com',
      email_verified: 'false',
      name: 'Amy',
      sub: (await attrs(token)).sub,
    });
    const mail = await s.waitForEmail('amy.new@example.com');
    await rejectsWith(
      c.send(
        new VerifyUserAttributeCommand({
          AccessToken: token,
          AttributeName: 'email',
          Code: codeIn(mail) === '000000' ? '111111' : '000000',
        }),
      ),
      'CodeMismatchException',
      'Invalid verification code provided, please try again.',
    );
    await c.send(new VerifyUserAttributeCommand({ AccessToken: token, AttributeName: 'email', Code: codeIn(mail) }));
    assert.equal((await attrs(token)).email_verified, 'true');
    await rejectsWith(
      c.send(new VerifyUserAttributeCommand({ AccessToken: token, AttributeName: 'email', Code: codeIn(mail) })),
      'ExpiredCodeException',
    );
  });

  test('with AttributesRequireVerificationBeforeUpdate the old email stays until the new one is verified', async () => {
    const token = await signedIn('ben', {
      UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
    });
    await c.send(
      new UpdateUserAttributesCommand({
        AccessToken: token,
        UserAttributes: [{ Name: 'email', Value: 'ben.new@example.com' }],
      }),
    );
    let now = await attrs(token);
    assert.deepEqual([now.email, now.email_verified], ['ben@example.com', 'true']);
    const mail = await s.waitForEmail('ben.new@example.com');
    // Asking again sends a new code to the waiting address, not the current one.
    const again = await c.send(
      new GetUserAttributeVerificationCodeCommand({ AccessToken: token, AttributeName: 'email' }),
    );
    assert.equal(again.CodeDeliveryDetails!.Destination, 'b***@e***');
    const second = await s.waitForEmail('ben.new@example.com', { after: 1 });
    if (codeIn(second) !== codeIn(mail))
      await rejectsWith(
        c.send(new VerifyUserAttributeCommand({ AccessToken: token, AttributeName: 'email', Code: codeIn(mail) })),
        'CodeMismatchException',
      );
    await c.send(new VerifyUserAttributeCommand({ AccessToken: token, AttributeName: 'email', Code: codeIn(second) }));
    now = await attrs(token);
    assert.deepEqual([now.email, now.email_verified], ['ben.new@example.com', 'true']);
  });

  test('verification codes on request: five an hour', async () => {
    const token = await signedIn('cat');
    for (let i = 0; i < 5; i++) {
      const r = await c.send(
        new GetUserAttributeVerificationCodeCommand({ AccessToken: token, AttributeName: 'email' }),
      );
      assert.equal(r.CodeDeliveryDetails!.DeliveryMedium, 'EMAIL');
    }
    await rejectsWith(
      c.send(new GetUserAttributeVerificationCodeCommand({ AccessToken: token, AttributeName: 'email' })),
      'LimitExceededException',
      'Attempt limit exceeded, please try after some time.',
    );
    await s.waitForEmail('cat@example.com', { after: 4 });
  });

  test('a client writes only its WriteAttributes; attributes can be deleted', async () => {
    const token = await signedIn('dan', {}, ['name', 'email']);
    await rejectsWith(
      c.send(
        new UpdateUserAttributesCommand({ AccessToken: token, UserAttributes: [{ Name: 'family_name', Value: 'X' }] }),
      ),
      'NotAuthorizedException',
      'A client attempted to write unauthorized attribute',
    );
    await c.send(
      new UpdateUserAttributesCommand({ AccessToken: token, UserAttributes: [{ Name: 'name', Value: 'Dan' }] }),
    );
    assert.equal((await attrs(token)).name, 'Dan');
    await c.send(new DeleteUserAttributesCommand({ AccessToken: token, UserAttributeNames: ['name'] }));
    assert.equal('name' in (await attrs(token)), false);
    await rejectsWith(
      c.send(new DeleteUserAttributesCommand({ AccessToken: token, UserAttributeNames: ['family_name'] })),
      'NotAuthorizedException',
    );
  });
});
