// Cognito's limits hold however many requests arrive at once, on however many instances of one
// store: the lockout after five wrong passwords, the hour's password-reset attempts, sign-up
// confirmations and resends. A client with PreventUserExistenceErrors meets the same limits, at
// the same attempt, for a name that is no user, and answers nothing that tells the two apart.
// The server's clock stands still during a burst, so no lockout ends inside one.
import { before, after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateUserPoolCommand,
  CreateUserPoolClientCommand,
  SignUpCommand,
  AdminConfirmSignUpCommand,
  AdminUpdateUserAttributesCommand,
  InitiateAuthCommand,
  ForgotPasswordCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ResendConfirmationCodeCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { eachBackend, startServer, codeIn, rejectsWith, type TestServer } from './support/server.js';

const PASSWORD = 'Passw0rd!';
const WRONG = 'Wr0ng-passw0rd';
const INCORRECT = 'Incorrect username or password.';
const EXCEEDED = 'Password attempts exceeded';
const ATTEMPT_LIMIT = 'Attempt limit exceeded, please try after some time.';
const DAILY_LIMIT =
  'Exceeded daily email limit for the operation or the account. If a higher limit is required, please configure your user pool to use your own Amazon SES configuration for sending email.';

/** A clock that stands still until moved. */
function stillClock() {
  let t = Date.now();
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

/** How many of the settled calls succeeded, and how many failed with each exception and message. */
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

eachBackend('limits under concurrency', (backend) => {
  const clock = stillClock();
  let s: TestServer;
  let s2: TestServer;
  let c: CognitoIdentityProviderClient;
  let c2: CognitoIdentityProviderClient;
  let poolId: string;
  let legacy: string;
  let hiding: string;

  const signIn = (client: CognitoIdentityProviderClient, ClientId: string, USERNAME: string, PASSWORD: string) =>
    client.send(
      new InitiateAuthCommand({ ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME, PASSWORD } }),
    );
  const forgot = (ClientId: string, Username: string) => c.send(new ForgotPasswordCommand({ ClientId, Username }));
  const confirmReset = (ClientId: string, Username: string, ConfirmationCode: string) =>
    c.send(new ConfirmForgotPasswordCommand({ ClientId, Username, ConfirmationCode, Password: 'N3w-Passw0rd!' }));
  const confirmSignUp = (ClientId: string, Username: string, ConfirmationCode: string) =>
    c.send(new ConfirmSignUpCommand({ ClientId, Username, ConfirmationCode }));
  const resend = (ClientId: string, Username: string) =>
    c.send(new ResendConfirmationCodeCommand({ ClientId, Username }));
  const signUp = (Username: string) =>
    c.send(
      new SignUpCommand({
        ClientId: legacy,
        Username,
        Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: `${Username}@example.com` }],
      }),
    );
  /** A confirmed user whose email is verified, so ForgotPassword sends a code. */
  const confirmedUser = async (Username: string) => {
    await signUp(Username);
    await c.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username }));
    await c.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: poolId,
        Username,
        UserAttributes: [{ Name: 'email_verified', Value: 'true' }],
      }),
    );
  };
  const emailsTo = async (Username: string) =>
    (await s.mailbox()).filter((m) => m.Destination.ToAddresses.includes(`${Username}@example.com`)).length;

  before(async () => {
    s = await startServer({ backend, now: clock.now, flags: { 'default-email-daily-quota': '10000' } });
    s2 = await startServer({ join: s, now: clock.now, flags: { 'default-email-daily-quota': '10000' } });
    c = s.cognito();
    c2 = s2.cognito();
    poolId = (await c.send(new CreateUserPoolCommand({ PoolName: 'limits', AutoVerifiedAttributes: ['email'] })))
      .UserPool!.Id!;
    const client = async (PreventUserExistenceErrors: 'ENABLED' | 'LEGACY') =>
      (
        await c.send(
          new CreateUserPoolClientCommand({
            UserPoolId: poolId,
            ClientName: PreventUserExistenceErrors,
            ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
            PreventUserExistenceErrors,
          }),
        )
      ).UserPoolClient!.ClientId!;
    legacy = await client('LEGACY');
    hiding = await client('ENABLED');
  });
  after(async () => {
    await s2.stop();
    await s.stop();
  });

  test('50 wrong passwords and the right one at once, on two instances: five are answered as wrong', async () => {
    await confirmedUser('ada');
    const results = await all(51, (i) =>
      i === 25 ? signIn(c, legacy, 'ada', PASSWORD) : signIn(i % 2 ? c2 : c, legacy, 'ada', WRONG),
    );
    const counts = tally(results);
    const right = results[25];
    assert.equal(counts[`NotAuthorizedException: ${INCORRECT}`], 5, JSON.stringify(counts));
    // The right password signs in only if it was settled before the fifth wrong one; after it, it is
    // refused like every other attempt of the lockout.
    if (right.status === 'rejected') assert.equal((right.reason as Error).message, EXCEEDED);
    assert.equal(counts[`NotAuthorizedException: ${EXCEEDED}`], 46 - (counts.ok ?? 0), JSON.stringify(counts));
    await rejectsWith(signIn(c, legacy, 'ada', PASSWORD), 'NotAuthorizedException', EXCEEDED);
    // Five failures lock for a second; then the right password signs in and resets the run.
    clock.advance(1000);
    assert.ok((await signIn(c2, legacy, 'ada', PASSWORD)).AuthenticationResult);
    for (let i = 0; i < 4; i++) await rejectsWith(signIn(c, legacy, 'ada', WRONG), 'NotAuthorizedException', INCORRECT);
  });

  test('a hiding client locks out a made-up name as it locks out a user', async () => {
    await confirmedUser('bea');
    const burst = async (name: string) => tally(await all(50, (i) => signIn(i % 2 ? c2 : c, hiding, name, WRONG)));
    const user = await burst('bea');
    assert.deepEqual(user, {
      [`NotAuthorizedException: ${INCORRECT}`]: 5,
      [`NotAuthorizedException: ${EXCEEDED}`]: 45,
    });
    assert.deepEqual(await burst('nobody-at-all'), user);
    // One after another, the same answers, and the same end to the lockout.
    const run = async (name: string) => {
      const answers: string[] = [];
      for (const step of [0, 0, 0, 0, 0, 0, 1000, 0, 1999, 1]) {
        clock.advance(step);
        answers.push(
          await signIn(c, hiding, name, WRONG).then(
            () => 'ok',
            (e: Error) => e.message,
          ),
        );
      }
      return answers;
    };
    clock.advance(15 * 60_000 + 1); // both runs forgotten
    assert.deepEqual(await run('nobody-either'), await run('bea'));
  });

  test('a hiding client tells an unconfirmed user so only after the right password', async () => {
    await signUp('cy');
    await rejectsWith(signIn(c, hiding, 'cy', WRONG), 'NotAuthorizedException', INCORRECT);
    await rejectsWith(signIn(c, hiding, 'cy', PASSWORD), 'UserNotConfirmedException', 'User is not confirmed.');
    // The client that does not hide users keeps AWS's recorded answer, whatever the password.
    await rejectsWith(signIn(c, legacy, 'cy', WRONG), 'UserNotConfirmedException', 'User is not confirmed.');
  });

  test('ForgotPassword: five an hour per user, however many at once; a made-up name alike', async () => {
    await confirmedUser('dot');
    const user = tally(await all(20, () => forgot(legacy, 'dot')));
    assert.deepEqual(user, { ok: 5, [`LimitExceededException: ${ATTEMPT_LIMIT}`]: 15 });
    await s.waitForEmail('dot@example.com', { after: 5 });
    assert.equal(await emailsTo('dot'), 6); // the sign-up's code and five reset codes
    assert.deepEqual(tally(await all(20, () => forgot(hiding, 'nobody-dot'))), user);
    // The hour over, a request goes through again.
    clock.advance(3600_000);
    await forgot(legacy, 'dot');
  });

  test('ConfirmForgotPassword: the hour’s attempts bound the guesses, however many at once', async () => {
    await confirmedUser('eve');
    await forgot(legacy, 'eve');
    const code = codeIn(await s.waitForEmail('eve@example.com', { after: 1 }));
    const wrong = code === '000000' ? '111111' : '000000';
    const user = tally(await all(30, () => confirmReset(legacy, 'eve', wrong)));
    assert.deepEqual(user, {
      'CodeMismatchException: Invalid verification code provided, please try again.': 4,
      [`LimitExceededException: ${ATTEMPT_LIMIT}`]: 26,
    });
    await rejectsWith(confirmReset(legacy, 'eve', code), 'LimitExceededException', ATTEMPT_LIMIT);
    // A hiding client: a made-up name that asked for a code meets the limit at the same attempt.
    await forgot(hiding, 'nobody-eve');
    assert.deepEqual(tally(await all(30, () => confirmReset(hiding, 'nobody-eve', wrong))), user);
  });

  test('ConfirmSignUp: fifteen an hour per user, however many at once; a made-up name alike', async () => {
    await signUp('fay');
    const code = codeIn(await s.waitForEmail('fay@example.com'));
    const wrong = code === '000000' ? '111111' : '000000';
    const user = tally(await all(40, () => confirmSignUp(legacy, 'fay', wrong)));
    assert.deepEqual(user, {
      'CodeMismatchException: Invalid verification code provided, please try again.': 15,
      [`LimitExceededException: ${ATTEMPT_LIMIT}`]: 25,
    });
    await rejectsWith(confirmSignUp(legacy, 'fay', code), 'LimitExceededException', ATTEMPT_LIMIT);
    assert.deepEqual(tally(await all(40, () => confirmSignUp(hiding, 'nobody-fay', wrong))), user);
    await rejectsWith(
      confirmSignUp(legacy, 'nobody-fay', wrong),
      'UserNotFoundException',
      'Username/client id combination not found.',
    );
  });

  test('ResendConfirmationCode: five an hour per user, however many at once; made-up and confirmed alike', async () => {
    await signUp('gil');
    await s.waitForEmail('gil@example.com');
    const user = tally(await all(20, () => resend(legacy, 'gil')));
    assert.deepEqual(user, { ok: 5, [`LimitExceededException: ${ATTEMPT_LIMIT}`]: 15 });
    await s.waitForEmail('gil@example.com', { after: 5 });
    assert.equal(await emailsTo('gil'), 6);
    assert.deepEqual(tally(await all(20, () => resend(hiding, 'nobody-gil'))), user);
    await confirmedUser('hal');
    await s.waitForEmail('hal@example.com');
    assert.deepEqual(tally(await all(20, () => resend(hiding, 'hal'))), user);
    assert.equal(await emailsTo('hal'), 1); // the sign-up's own code: nothing was resent
  });
});

eachBackend('what a hiding client tells', (backend) => {
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  let poolId: string;
  let legacy: string;
  let hiding: string;

  before(async () => {
    s = await startServer({ backend, flags: { 'default-email-daily-quota': '1' } });
    c = s.cognito();
    poolId = (await c.send(new CreateUserPoolCommand({ PoolName: 'oracles', AutoVerifiedAttributes: ['email'] })))
      .UserPool!.Id!;
    const client = async (PreventUserExistenceErrors: 'ENABLED' | 'LEGACY') =>
      (
        await c.send(
          new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web', PreventUserExistenceErrors }),
        )
      ).UserPoolClient!.ClientId!;
    legacy = await client('LEGACY');
    hiding = await client('ENABLED');
  });
  after(() => s.stop());

  describe('a confirmed user and a made-up name', () => {
    test('ResendConfirmationCode: a delivery for both, not "User is already confirmed."', async () => {
      // The sign-up spends the day's one email.
      await c.send(
        new SignUpCommand({
          ClientId: legacy,
          Username: 'ivy@example.com',
          Password: PASSWORD,
          UserAttributes: [{ Name: 'email', Value: 'ivy@example.com' }],
        }),
      );
      await c.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'ivy@example.com' }));
      await rejectsWith(
        c.send(new ResendConfirmationCodeCommand({ ClientId: legacy, Username: 'ivy@example.com' })),
        'InvalidParameterException',
        'User is already confirmed.',
      );
      // Past the default sender's quota a real delivery would be refused: so is the shown one.
      for (const Username of ['ivy@example.com', 'zed@example.com'])
        await rejectsWith(
          c.send(new ResendConfirmationCodeCommand({ ClientId: hiding, Username })),
          'LimitExceededException',
          DAILY_LIMIT,
        );
    });

    test('ForgotPassword past the quota: refused for both', async () => {
      await c.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: poolId,
          Username: 'ivy@example.com',
          UserAttributes: [{ Name: 'email_verified', Value: 'true' }],
        }),
      );
      for (const Username of ['ivy@example.com', 'zed@example.com'])
        await rejectsWith(
          c.send(new ForgotPasswordCommand({ ClientId: hiding, Username })),
          'LimitExceededException',
          DAILY_LIMIT,
        );
    });

    test('ConfirmSignUp: a made-up name hears of a wrong code, not of a missing user', async () => {
      await rejectsWith(
        c.send(new ConfirmSignUpCommand({ ClientId: hiding, Username: 'zed@example.com', ConfirmationCode: '123456' })),
        'CodeMismatchException',
        'Invalid verification code provided, please try again.',
      );
    });
  });
});
