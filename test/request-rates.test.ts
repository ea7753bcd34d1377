// An account's provisioned request-rate limits are enforced: once UpdateProvisionedLimit sets one,
// a second's requests of that category beyond it get TooManyRequestsException ("Rate exceeded"),
// counted across two instances of one store; a category without a limit, another account and the
// next second are untouched. The servers' clock stands still, so a burst falls in one second.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  GetProvisionedLimitCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  UpdateProvisionedLimitCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { eachBackend, startServer, type TestServer } from './support/server.js';
import { model } from '../src/generated/cognito-idp/model.js';
import { CATEGORY_OF } from '../src/services/cognito-idp/pools/rate-categories.js';
import { FREE_RPS } from '../src/services/cognito-idp/pools/provisioned-limits.js';

const OTHER_ACCOUNT = '222222222222';

function stillClock() {
  let t = Date.now();
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

function tally(results: PromiseSettledResult<unknown>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of results) {
    const key = r.status === 'fulfilled' ? 'ok' : `${(r.reason as Error).name}: ${(r.reason as Error).message}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

const all = <T>(n: number, call: (i: number) => Promise<T>) =>
  Promise.allSettled(Array.from({ length: n }, (_, i) => call(i)));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('every operation of the model but Get/UpdateProvisionedLimit counts against a category', () => {
  const uncategorized = Object.keys(model.operations).filter((op) => !CATEGORY_OF.has(op));
  assert.deepEqual(uncategorized.sort(), ['GetProvisionedLimit', 'UpdateProvisionedLimit']);
  for (const category of CATEGORY_OF.values()) assert.ok(Object.hasOwn(FREE_RPS, category), category);
});

eachBackend('provisioned request-rate limits', (backend) => {
  const clock = stillClock();
  let s: TestServer;
  let s2: TestServer;
  let a: CognitoIdentityProviderClient;
  let a2: CognitoIdentityProviderClient;
  let b: CognitoIdentityProviderClient;
  let poolA: string;
  let poolB: string;
  let clientA: string;

  const pool = async (c: CognitoIdentityProviderClient) => {
    const id = (await c.send(new CreateUserPoolCommand({ PoolName: 'rates' }))).UserPool!.Id!;
    await c.send(new AdminCreateUserCommand({ UserPoolId: id, Username: 'ann', MessageAction: 'SUPPRESS' }));
    return id;
  };

  before(async () => {
    s = await startServer({ backend, now: clock.now });
    s2 = await startServer({ join: s, now: clock.now });
    a = s.cognito();
    a2 = s2.cognito();
    b = s.cognito({ accessKeyId: OTHER_ACCOUNT });
    poolA = await pool(a);
    poolB = await pool(b);
    clientA = (
      await a.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolA,
          ClientName: 'app',
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        }),
      )
    ).UserPoolClient!.ClientId!;
  });
  after(async () => {
    await s2?.stop();
    await s?.stop();
  });

  const getUser = (c: CognitoIdentityProviderClient, UserPoolId: string) =>
    c.send(new AdminGetUserCommand({ UserPoolId, Username: 'ann' }));

  test('without a limit nothing is throttled', async () => {
    clock.advance(1000);
    assert.deepEqual(tally(await all(150, () => getUser(a, poolA))), { ok: 150 });
  });

  test('a limit set is enforced across both instances, in its category and account only', async () => {
    const limit = await a.send(
      new UpdateProvisionedLimitCommand({
        LimitDefinition: { LimitClass: 'API_CATEGORY', Attributes: { Category: 'UserRead' } },
        RequestedLimitValue: 120,
      }),
    );
    assert.equal(limit.Limit?.ProvisionedLimitValue, 120);
    // The other instance reads the store's limits at most a second old.
    await sleep(1100);
    clock.advance(1000);
    const burst = await all(150, (i) => getUser(i % 2 ? a2 : a, poolA));
    assert.deepEqual(tally(burst), { ok: 120, 'TooManyRequestsException: Rate exceeded': 30 });
    const refused = burst.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    assert.equal(refused.reason.$metadata.httpStatusCode, 400);

    // The same second: another category of the account, and the same category of another account.
    assert.deepEqual(tally(await all(40, () => a2.send(new DescribeUserPoolCommand({ UserPoolId: poolA })))), {
      ok: 40,
    });
    assert.deepEqual(tally(await all(150, () => getUser(b, poolB))), { ok: 150 });
    // Reading the limit is no UserRead request.
    const read = await a.send(
      new GetProvisionedLimitCommand({
        LimitDefinition: { LimitClass: 'API_CATEGORY', Attributes: { Category: 'UserRead' } },
      }),
    );
    assert.equal(read.Limit?.ProvisionedLimitValue, 120);

    clock.advance(1000);
    assert.deepEqual(tally(await all(100, (i) => getUser(i % 2 ? a2 : a, poolA))), { ok: 100 });
  });

  test('unsigned sign-ins count against the app client pool account; challenge answers have three times the limit first', async () => {
    await a.send(
      new UpdateProvisionedLimitCommand({
        LimitDefinition: { LimitClass: 'API_CATEGORY', Attributes: { Category: 'UserAuthentication' } },
        RequestedLimitValue: 120,
      }),
    );
    await sleep(1100);
    clock.advance(1000);
    const answer = (c: CognitoIdentityProviderClient) =>
      c.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientA,
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: 'not-a-session'.repeat(3),
          ChallengeResponses: { USERNAME: 'ann', NEW_PASSWORD: 'Passw0rd!' },
        }),
      );
    // 360 answers within their own allowance, 5 more count against the category ...
    const answers = tally(await all(365, (i) => answer(i % 2 ? a2 : a)));
    assert.equal(answers['TooManyRequestsException: Rate exceeded'], undefined, JSON.stringify(answers));
    // ... which leaves 115 of the second's 120 sign-ins.
    const signIn = (c: CognitoIdentityProviderClient, i: number) =>
      c.send(
        new InitiateAuthCommand({
          ClientId: clientA,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: `nobody-${i}`, PASSWORD: 'Passw0rd!' },
        }),
      );
    const signIns = tally(await all(130, (i) => signIn(i % 2 ? a2 : a, i)));
    assert.equal(signIns['TooManyRequestsException: Rate exceeded'], 15, JSON.stringify(signIns));
    // The next second has the whole limit again.
    clock.advance(1000);
    const fresh = tally(await all(130, (i) => signIn(a, i)));
    assert.equal(fresh['TooManyRequestsException: Rate exceeded'], 10, JSON.stringify(fresh));
  });
});
