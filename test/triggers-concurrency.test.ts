// 1,000 sign-ups at once through a PreSignUp trigger: each one either succeeds (auto-confirmed by
// the handler) or fails with the handler's refusal, nothing in between, and the pool holds exactly
// the users whose sign-up succeeded.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { LambdaClient } from '@aws-sdk/client-lambda';
import {
  ListUsersCommand,
  SignUpCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { eachBackend, startServer, type TestServer } from './support/server.js';
import { createNodeFunction } from './support/lambda.js';
import { fnArn, poolWith } from './support/triggers.js';

const COUNT = Number(process.env.SIGNUPS ?? 1000);

eachBackend('PreSignUp under load', (backend) => {
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  let lambda: LambdaClient;
  before(async () => {
    s = await startServer({ backend });
    c = s.cognito();
    lambda = s.client(LambdaClient);
  });
  after(() => s.stop());

  test(`${COUNT} concurrent sign-ups all succeed or fail cleanly`, { timeout: 180_000 }, async () => {
    await createNodeFunction(
      lambda,
      'gate',
      `exports.handler = async (event) => {
         const n = Number(event.userName.slice(5));
         if (n % 3 === 0) throw new Error('not this one');
         event.response.autoConfirmUser = true;
         return event;
       };`,
    );
    const { poolId, clientId } = await poolWith(c, lambda, { PreSignUp: fnArn('gate') });
    const outcomes = await Promise.allSettled(
      Array.from({ length: COUNT }, (_, i) =>
        c.send(
          new SignUpCommand({
            ClientId: clientId,
            Username: `user-${i}`,
            Password: 'Passw0rd!',
            UserAttributes: [{ Name: 'email', Value: `user-${i}@example.com` }],
          }),
        ),
      ),
    );
    const created = new Set<string>();
    outcomes.forEach((o, i) => {
      if (o.status === 'fulfilled') {
        assert.equal(o.value.UserConfirmed, true);
        created.add(`user-${i}`);
      } else {
        const e = o.reason as Error;
        // The handler's refusal, or Cognito's own when its 5 seconds pass under this load.
        assert.ok(
          (e.name === 'UserLambdaValidationException' && e.message === 'PreSignUp failed with error not this one.') ||
            e.name === 'UnexpectedLambdaException',
          `sign-up ${i}: ${e.name}: ${e.message}`,
        );
        if (e.name === 'UserLambdaValidationException') assert.equal(i % 3, 0);
      }
    });
    assert.ok(created.size >= (COUNT * 2) / 3 - 1, `only ${created.size} sign-ups succeeded`);
    const listed = new Set<string>();
    let token: string | undefined;
    do {
      const page = await c.send(new ListUsersCommand({ UserPoolId: poolId, PaginationToken: token }));
      for (const u of page.Users ?? []) {
        listed.add(u.Username!);
        assert.equal(u.UserStatus, 'CONFIRMED');
      }
      token = page.PaginationToken;
    } while (token);
    assert.deepEqual([...listed].sort(), [...created].sort());
  });
});
