import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateUserPoolCommand,
  CreateUserPoolClientCommand,
  SignUpCommand,
  AdminConfirmSignUpCommand,
  AdminUpdateUserAttributesCommand,
  AdminGetUserCommand,
  AdminDisableUserCommand,
  AdminCreateUserCommand,
  ForgotPasswordCommand,
  ConfirmForgotPasswordCommand,
  AdminResetUserPasswordCommand,
  type CreateUserPoolCommandInput,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { eachBackend, startServer, codeIn, rejectsWith, type TestServer } from './support/server.js';

const NEW_PASSWORD = 'N3w-Passw0rd!';
const NO_DESTINATION = 'Cannot reset password for the user as there is no registered/verified email or phone_number';

eachBackend('password reset', (backend) => {
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  /** no AccountRecoverySetting (legacy order), no auto-verification: sign-up sends nothing */
  let poolId: string;
  let legacy: string;
  let hiding: string;

  const newPool = async (input: Omit<CreateUserPoolCommandInput, 'PoolName'> = {}) => {
    const id = (await c.send(new CreateUserPoolCommand({ PoolName: 'reset', ...input }))).UserPool!.Id!;
    const client = async (PreventUserExistenceErrors?: 'ENABLED' | 'LEGACY') =>
      (await c.send(new CreateUserPoolClientCommand({ UserPoolId: id, ClientName: 'web', PreventUserExistenceErrors })))
        .UserPoolClient!.ClientId!;
    return { id, legacy: await client(), hiding: await client('ENABLED') };
  };

  /** A confirmed user whose email and phone number (where given) are verified. */
  const verifiedUser = async (
    pool: string,
    clientId: string,
    Username: string,
    a: { email?: string; phone?: string; verified?: boolean; confirm?: boolean },
  ) => {
    const attrs = { ...(a.email ? { email: a.email } : {}), ...(a.phone ? { phone_number: a.phone } : {}) };
    await c.send(
      new SignUpCommand({
        ClientId: clientId,
        Username,
        Password: 'Passw0rd!',
        UserAttributes: Object.entries(attrs).map(([Name, Value]) => ({ Name, Value })),
      }),
    );
    if (a.verified !== false) {
      const flags = [...(a.email ? ['email_verified'] : []), ...(a.phone ? ['phone_number_verified'] : [])];
      await c.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: pool,
          Username,
          UserAttributes: flags.map((Name) => ({ Name, Value: 'true' })),
        }),
      );
    }
    if (a.confirm !== false) await c.send(new AdminConfirmSignUpCommand({ UserPoolId: pool, Username }));
  };
  const get = (pool: string, Username: string) => c.send(new AdminGetUserCommand({ UserPoolId: pool, Username }));
  const attrs = async (pool: string, Username: string) =>
    Object.fromEntries((await get(pool, Username)).UserAttributes!.map((a) => [a.Name, a.Value]));
  const forgot = (ClientId: string, Username: string) => c.send(new ForgotPasswordCommand({ ClientId, Username }));
  const confirm = (ClientId: string, Username: string, ConfirmationCode: string, Password = NEW_PASSWORD) =>
    c.send(new ConfirmForgotPasswordCommand({ ClientId, Username, ConfirmationCode, Password }));
  const other = (code: string) => (code === '000000' ? '111111' : '000000');

  /** Waits for the `after`+1-th SMS to `phone`, read as LocalStack's SNS hook shows it. */
  const waitForSms = async (phone: string, after = 0): Promise<string> => {
    const deadline = Date.now() + 5000;
    for (;;) {
      const res = await fetch(`${s.url}/_aws/sns/sms-messages?phoneNumber=${encodeURIComponent(phone)}`);
      const body = (await res.json()) as { sms_messages: Record<string, { Message: string }[]> };
      const got = body.sms_messages[phone] ?? [];
      if (got.length > after) return got[got.length - 1].Message;
      if (Date.now() > deadline) throw new Error(`no SMS to ${phone}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const smsCode = (text: string) => /\b(\d{6})\b/.exec(text)![1];

  before(async () => {
    // Pools here have no SmsConfiguration: their SMS go straight to the transport (--cognito-sms direct).
    s = await startServer({ backend, flags: { 'cognito-sms': 'direct' } });
    c = s.cognito();
    ({ id: poolId, legacy, hiding } = await newPool());
  });
  after(() => s.stop());

  test('the emailed code sets a new password, once', async () => {
    await verifiedUser(poolId, legacy, 'alice', { email: 'alice@example.com' });
    const sent = await forgot(legacy, 'alice');
    assert.deepEqual(sent.CodeDeliveryDetails, {
      Destination: 'a***@e***',
      DeliveryMedium: 'EMAIL',
      AttributeName: 'email',
    });
    const mail = await s.waitForEmail('alice@example.com');
    assert.equal(mail.Source, 'no-reply@verificationemail.com');
    assert.equal(mail.Subject, 'Your verification code');
    assert.match(mail.Body.text_part!, /^Your password reset code is \d{6}$/);
    const code = codeIn(mail);
    await rejectsWith(
      confirm(legacy, 'alice', other(code)),
      'CodeMismatchException',
      'Invalid verification code provided, please try again.',
    );
    await rejectsWith(
      confirm(legacy, 'alice', code, 'short'),
      'InvalidPasswordException',
      'Password did not conform with policy: Password not long enough',
    );
    const done = await confirm(legacy, 'alice', code);
    assert.deepEqual(
      Object.keys(done).filter((k) => k !== '$metadata'),
      [],
    );
    assert.equal((await get(poolId, 'alice')).UserStatus, 'CONFIRMED');
    await rejectsWith(
      confirm(legacy, 'alice', code),
      'ExpiredCodeException',
      'Invalid code provided, please request a code again.',
    );
  });

  test('without a requested code, ConfirmForgotPassword asks for one', async () => {
    await verifiedUser(poolId, legacy, 'nocode', { email: 'nocode@example.com' });
    await rejectsWith(
      confirm(legacy, 'nocode', '123456'),
      'ExpiredCodeException',
      'Invalid code provided, please request a code again.',
    );
  });

  test('a new ForgotPassword replaces the old code', async () => {
    await verifiedUser(poolId, legacy, 'bob', { email: 'bob@example.com' });
    await forgot(legacy, 'bob');
    const first = codeIn(await s.waitForEmail('bob@example.com'));
    await forgot(legacy, 'bob');
    const second = codeIn(await s.waitForEmail('bob@example.com', { after: 1 }));
    if (first !== second) await rejectsWith(confirm(legacy, 'bob', first), 'CodeMismatchException');
    await confirm(legacy, 'bob', second);
  });

  test('of concurrent confirmations with the right code exactly one wins', async () => {
    await verifiedUser(poolId, legacy, 'race', { email: 'race@example.com' });
    await forgot(legacy, 'race');
    const code = codeIn(await s.waitForEmail('race@example.com'));
    // Four: with the request, the five reset attempts the hour allows.
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => confirm(legacy, 'race', code)));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results)
      if (r.status === 'rejected') assert.equal((r.reason as Error).name, 'ExpiredCodeException');
  });

  test('five reset attempts an hour, requests and codes together, whatever the codes', async () => {
    await verifiedUser(poolId, legacy, 'carl', { email: 'carl@example.com' });
    await forgot(legacy, 'carl');
    await rejectsWith(
      confirm(legacy, 'carl', other(codeIn(await s.waitForEmail('carl@example.com')))),
      'CodeMismatchException',
    );
    // A fresh code does not buy fresh guesses.
    await forgot(legacy, 'carl');
    const code = codeIn(await s.waitForEmail('carl@example.com', { after: 1 }));
    for (let i = 0; i < 2; i++) await rejectsWith(confirm(legacy, 'carl', other(code)), 'CodeMismatchException');
    await rejectsWith(
      confirm(legacy, 'carl', code),
      'LimitExceededException',
      'Attempt limit exceeded, please try after some time.',
    );
    await rejectsWith(
      forgot(legacy, 'carl'),
      'LimitExceededException',
      'Attempt limit exceeded, please try after some time.',
    );
  });

  test('the legacy order prefers a verified phone; AccountRecoverySetting reorders', async () => {
    await verifiedUser(poolId, legacy, 'dana', { email: 'dana@example.com', phone: '+15555550101' });
    const sms = await forgot(legacy, 'dana');
    assert.deepEqual(sms.CodeDeliveryDetails, {
      Destination: '+*******0101',
      DeliveryMedium: 'SMS',
      AttributeName: 'phone_number',
    });
    const text = await waitForSms('+15555550101');
    assert.match(text, /^Your password reset code is \d{6}$/);
    await confirm(legacy, 'dana', smsCode(text));

    const emailFirst = await newPool({
      AccountRecoverySetting: {
        RecoveryMechanisms: [
          { Name: 'verified_phone_number', Priority: 2 },
          { Name: 'verified_email', Priority: 1 },
        ],
      },
    });
    await verifiedUser(emailFirst.id, emailFirst.legacy, 'dana', { email: 'dana2@example.com', phone: '+15555550102' });
    assert.equal((await forgot(emailFirst.legacy, 'dana')).CodeDeliveryDetails?.DeliveryMedium, 'EMAIL');
    await s.waitForEmail('dana2@example.com');

    const phoneFirst = await newPool({
      AccountRecoverySetting: {
        RecoveryMechanisms: [
          { Name: 'verified_email', Priority: 2 },
          { Name: 'verified_phone_number', Priority: 1 },
        ],
      },
    });
    await verifiedUser(phoneFirst.id, phoneFirst.legacy, 'dana', { email: 'dana3@example.com', phone: '+15555550103' });
    assert.equal((await forgot(phoneFirst.legacy, 'dana')).CodeDeliveryDetails?.DeliveryMedium, 'SMS');
    await confirm(phoneFirst.legacy, 'dana', smsCode(await waitForSms('+15555550103')));
    assert.equal((await get(phoneFirst.id, 'dana')).UserStatus, 'CONFIRMED');

    const emailOnly = await newPool({
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
    });
    await verifiedUser(emailOnly.id, emailOnly.legacy, 'phoebe', { phone: '+15555550104' });
    await rejectsWith(forgot(emailOnly.legacy, 'phoebe'), 'InvalidParameterException', NO_DESTINATION);
  });

  test('no verified email or phone: refused, or simulated for a hiding client', async () => {
    await verifiedUser(poolId, legacy, 'erin', { email: 'erin@example.com', verified: false });
    await rejectsWith(forgot(legacy, 'erin'), 'InvalidParameterException', NO_DESTINATION);
    const hidden = await forgot(hiding, 'erin');
    assert.equal(hidden.CodeDeliveryDetails?.DeliveryMedium, 'SMS');
    assert.deepEqual((await forgot(hiding, 'erin')).CodeDeliveryDetails, hidden.CodeDeliveryDetails);
    assert.equal((await s.mailbox()).filter((m) => m.Destination.ToAddresses.includes('erin@example.com')).length, 0);
  });

  test('admin_only pools refuse self-service and admin resets', async () => {
    const adminOnly = await newPool({
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'admin_only', Priority: 1 }] },
    });
    await verifiedUser(adminOnly.id, adminOnly.legacy, 'fay', { email: 'fay@example.com' });
    await rejectsWith(
      forgot(adminOnly.legacy, 'fay'),
      'NotAuthorizedException',
      'Contact administrator to reset password.',
    );
    await rejectsWith(
      forgot(adminOnly.hiding, 'nobody'),
      'NotAuthorizedException',
      'Contact administrator to reset password.',
    );
    await rejectsWith(
      c.send(new AdminResetUserPasswordCommand({ UserPoolId: adminOnly.id, Username: 'fay' })),
      'NotAuthorizedException',
      'Contact administrator to reset password.',
    );
  });

  test('a disabled user: refused, or hidden behind a simulated answer and a code mismatch', async () => {
    await verifiedUser(poolId, legacy, 'gus', { email: 'gus@example.com' });
    await forgot(legacy, 'gus');
    const code = codeIn(await s.waitForEmail('gus@example.com'));
    await c.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'gus' }));
    await rejectsWith(forgot(legacy, 'gus'), 'NotAuthorizedException', 'User is disabled.');
    await rejectsWith(confirm(legacy, 'gus', code), 'NotAuthorizedException', 'User is disabled.');
    assert.equal((await forgot(hiding, 'gus')).CodeDeliveryDetails?.DeliveryMedium, 'SMS');
    await rejectsWith(
      confirm(hiding, 'gus', code),
      'CodeMismatchException',
      'Invalid verification code provided, please try again.',
    );
    assert.equal((await s.mailbox()).filter((m) => m.Destination.ToAddresses.includes('gus@example.com')).length, 1);
  });

  test('an unknown user: UserNotFoundException for LEGACY clients, a stable simulated answer for ENABLED', async () => {
    await rejectsWith(forgot(legacy, 'nobody'), 'UserNotFoundException', 'Username/client id combination not found.');
    await rejectsWith(
      confirm(legacy, 'nobody', '123456'),
      'UserNotFoundException',
      'Username/client id combination not found.',
    );
    const byName = await forgot(hiding, 'nobody');
    assert.equal(byName.CodeDeliveryDetails?.DeliveryMedium, 'SMS');
    assert.equal(byName.CodeDeliveryDetails?.AttributeName, 'phone_number');
    assert.match(byName.CodeDeliveryDetails!.Destination!, /^\+\*{7}\d{4}$/);
    assert.deepEqual((await forgot(hiding, 'nobody')).CodeDeliveryDetails, byName.CodeDeliveryDetails);
    assert.deepEqual((await forgot(hiding, 'nora@example.com')).CodeDeliveryDetails, {
      Destination: 'n***@e***',
      DeliveryMedium: 'EMAIL',
      AttributeName: 'email',
    });
    await rejectsWith(
      confirm(hiding, 'nobody', '123456'),
      'CodeMismatchException',
      'Invalid verification code provided, please try again.',
    );
    const verifying = await newPool({ AutoVerifiedAttributes: ['email'] });
    const shaped = (await forgot(verifying.hiding, 'nobody')).CodeDeliveryDetails!;
    assert.equal(shaped.DeliveryMedium, 'EMAIL');
    assert.match(shaped.Destination!, /^[a-z]\*\*\*@[a-z]\*\*\*$/);
    assert.equal((await s.mailbox()).filter((m) => m.Destination.ToAddresses.includes('nora@example.com')).length, 0);
  });

  test('AdminResetUserPassword requires a reset, which ConfirmForgotPassword completes', async () => {
    await verifiedUser(poolId, legacy, 'hana', { email: 'hana@example.com' });
    const res = await c.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: 'hana' }));
    assert.deepEqual(
      Object.keys(res).filter((k) => k !== '$metadata'),
      [],
    );
    assert.equal((await get(poolId, 'hana')).UserStatus, 'RESET_REQUIRED');
    const mail = await s.waitForEmail('hana@example.com');
    assert.match(mail.Body.text_part!, /^Your password reset code is \d{6}$/);
    await confirm(legacy, 'hana', codeIn(mail));
    assert.equal((await get(poolId, 'hana')).UserStatus, 'CONFIRMED');
    await rejectsWith(
      confirm(legacy, 'hana', codeIn(mail)),
      'ExpiredCodeException',
      'Invalid code provided, please request a code again.',
    );
    await rejectsWith(
      c.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: 'nobody' })),
      'UserNotFoundException',
      'User does not exist.',
    );
    await verifiedUser(poolId, legacy, 'ivan', { email: 'ivan@example.com', verified: false });
    await rejectsWith(
      c.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: 'ivan' })),
      'InvalidParameterException',
      NO_DESTINATION,
    );
    assert.equal((await get(poolId, 'ivan')).UserStatus, 'CONFIRMED');
  });

  test('an admin-created user who never signed in cannot reset', async () => {
    await c.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'jack',
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: 'jack@example.com' },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    await rejectsWith(
      forgot(legacy, 'jack'),
      'NotAuthorizedException',
      'User password cannot be reset in the current state.',
    );
    await rejectsWith(
      c.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: 'jack' })),
      'NotAuthorizedException',
      'User password cannot be reset in the current state.',
    );
  });

  test('an unconfirmed user with a verified email is confirmed by the reset', async () => {
    await verifiedUser(poolId, legacy, 'kim', { email: 'kim@example.com', confirm: false });
    assert.equal((await get(poolId, 'kim')).UserStatus, 'UNCONFIRMED');
    await forgot(legacy, 'kim');
    await confirm(legacy, 'kim', codeIn(await s.waitForEmail('kim@example.com')));
    assert.equal((await get(poolId, 'kim')).UserStatus, 'CONFIRMED');
  });

  test('the code re-verifies the address it went to, never a new one', async () => {
    await verifiedUser(poolId, legacy, 'lea', { email: 'lea@example.com' });
    await forgot(legacy, 'lea');
    const code = codeIn(await s.waitForEmail('lea@example.com'));
    await c.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: poolId,
        Username: 'lea',
        UserAttributes: [{ Name: 'email_verified', Value: 'false' }],
      }),
    );
    await confirm(legacy, 'lea', code);
    assert.equal((await attrs(poolId, 'lea')).email_verified, 'true');

    await verifiedUser(poolId, legacy, 'max', { email: 'max@example.com' });
    await forgot(legacy, 'max');
    const old = codeIn(await s.waitForEmail('max@example.com'));
    await c.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: poolId,
        Username: 'max',
        UserAttributes: [{ Name: 'email', Value: 'max@elsewhere.example' }],
      }),
    );
    await confirm(legacy, 'max', old);
    assert.deepEqual(await attrs(poolId, 'max').then((a) => [a.email, a.email_verified]), [
      'max@elsewhere.example',
      'false',
    ]);
  });

  test('a client with a secret needs the SECRET_HASH', async () => {
    const withSecret = (
      await c.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'server', GenerateSecret: true }))
    ).UserPoolClient!.ClientId!;
    await rejectsWith(
      forgot(withSecret, 'alice'),
      'NotAuthorizedException',
      `Client ${withSecret} is configured for secret but secret was not received`,
    );
    await rejectsWith(
      confirm(withSecret, 'alice', '123456'),
      'NotAuthorizedException',
      `Client ${withSecret} is configured for secret but secret was not received`,
    );
  });
});
