// AdminCreateUser's invitation: the temporary password by SMS and/or email, RESEND, SUPPRESS,
// templates, and the sign-in names a verified address claims.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateUserPoolCommand,
  CreateUserPoolClientCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminConfirmSignUpCommand,
  SignUpCommand,
  type AdminCreateUserCommandInput,
  type CreateUserPoolCommandInput,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { eachBackend, startServer, rejectsWith, type TestServer } from './support/server.js';

/** Cognito's default invitation, for both channels (docs/reference/cognito-messaging-facts.md §4.2). */
const DEFAULT_INVITE = /^Your username is (.+) and temporary password is (.+)\. $/;

eachBackend('invitations', (backend) => {
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  /** Cognito's default policy and templates */
  let poolId: string;
  before(async () => {
    // Pools here have no SmsConfiguration: their SMS go straight to the transport (--cognito-sms direct).
    s = await startServer({ backend, flags: { 'cognito-sms': 'direct' } });
    c = s.cognito();
    poolId = await newPool();
  });
  after(() => s.stop());

  async function newPool(input: Omit<CreateUserPoolCommandInput, 'PoolName'> = {}): Promise<string> {
    return (await c.send(new CreateUserPoolCommand({ PoolName: 'invite', ...input }))).UserPool!.Id!;
  }
  const create = (
    pool: string,
    Username: string,
    attrs: Record<string, string>,
    more: Omit<AdminCreateUserCommandInput, 'UserPoolId' | 'Username'> = {},
  ) =>
    c.send(
      new AdminCreateUserCommand({
        UserPoolId: pool,
        Username,
        UserAttributes: Object.entries(attrs).map(([Name, Value]) => ({ Name, Value })),
        ...more,
      }),
    );
  const get = (pool: string, Username: string) => c.send(new AdminGetUserCommand({ UserPoolId: pool, Username }));
  const attrs = async (pool: string, Username: string) =>
    Object.fromEntries((await get(pool, Username)).UserAttributes!.map((a) => [a.Name, a.Value]));

  const smsTo = async (phone: string): Promise<string[]> => {
    const res = await fetch(`${s.url}/_aws/sns/sms-messages?phoneNumber=${encodeURIComponent(phone)}`);
    const body = (await res.json()) as { sms_messages: Record<string, { Message: string }[]> };
    return (body.sms_messages[phone] ?? []).map((m) => m.Message);
  };
  /** Waits for the `after`+1-th SMS to `phone`, read as LocalStack's SNS hook shows it. */
  const waitForSms = async (phone: string, after = 0): Promise<string> => {
    const deadline = Date.now() + 5000;
    for (;;) {
      const got = await smsTo(phone);
      if (got.length > after) return got[got.length - 1];
      if (Date.now() > deadline) throw new Error(`no SMS to ${phone}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const emailsTo = async (address: string) =>
    (await s.mailbox()).filter((m) => m.Destination.ToAddresses.includes(address));
  /** The username and temporary password of a default invitation. */
  const invited = (text: string) => {
    const m = DEFAULT_INVITE.exec(text);
    assert.ok(m, `not a default invitation: ${JSON.stringify(text)}`);
    return { username: m[1], password: m[2] };
  };

  test('by default the invitation goes by SMS, and the user waits for a new password', async () => {
    const { User } = await create(poolId, 'sam', { phone_number: '+15555550201' });
    assert.equal(User!.Username, 'sam');
    assert.equal(User!.UserStatus, 'FORCE_CHANGE_PASSWORD');
    assert.equal(User!.Enabled, true);
    assert.deepEqual(
      User!.Attributes!.map((a) => a.Name),
      ['phone_number', 'sub'],
    );
    const { username, password } = invited(await waitForSms('+15555550201'));
    assert.equal(username, 'sam');
    assert.ok(password.length >= 8);
  });

  test("by EMAIL: the default subject and text, from Cognito's sender", async () => {
    await create(poolId, 'eve', { email: 'eve@example.com' }, { DesiredDeliveryMediums: ['EMAIL'] });
    const mail = await s.waitForEmail('eve@example.com');
    assert.equal(mail.Subject, 'Your temporary password');
    assert.equal(mail.Source, 'no-reply@verificationemail.com');
    assert.equal(invited(mail.Body.text_part!).username, 'eve');
    assert.equal((await get(poolId, 'eve')).UserStatus, 'FORCE_CHANGE_PASSWORD');
  });

  test("the admin's TemporaryPassword is the one sent", async () => {
    await create(
      poolId,
      'tim',
      { email: 'tim@example.com' },
      { DesiredDeliveryMediums: ['EMAIL'], TemporaryPassword: 'Temp-Passw0rd!' },
    );
    assert.equal(invited((await s.waitForEmail('tim@example.com')).Body.text_part!).password, 'Temp-Passw0rd!');
  });

  test("a pool's InviteMessageTemplate shapes both messages", async () => {
    const pool = await newPool({
      AdminCreateUserConfig: {
        InviteMessageTemplate: {
          EmailSubject: 'Welcome to Acme',
          EmailMessage: 'Hello {username}, sign in with {####} within a week.',
          SMSMessage: 'Acme: {username} / {####}',
        },
      },
    });
    await create(
      pool,
      'ada',
      { email: 'ada@example.com', phone_number: '+15555550202' },
      { DesiredDeliveryMediums: ['EMAIL', 'SMS'], TemporaryPassword: 'Acme-Passw0rd!' },
    );
    const mail = await s.waitForEmail('ada@example.com');
    assert.equal(mail.Subject, 'Welcome to Acme');
    assert.equal(mail.Body.text_part, 'Hello ada, sign in with Acme-Passw0rd! within a week.');
    assert.equal(await waitForSms('+15555550202'), 'Acme: ada / Acme-Passw0rd!');
  });

  test('both mediums carry the same temporary password', async () => {
    await create(
      poolId,
      'bo',
      { email: 'bo@example.com', phone_number: '+15555550203' },
      { DesiredDeliveryMediums: ['SMS', 'EMAIL'] },
    );
    const bySms = invited(await waitForSms('+15555550203'));
    const byEmail = invited((await s.waitForEmail('bo@example.com')).Body.text_part!);
    assert.equal(bySms.password, byEmail.password);
    assert.equal(byEmail.username, 'bo');
  });

  test('a medium without its address is refused, and no user is created', async () => {
    await rejectsWith(
      create(poolId, 'nomail', { phone_number: '+15555550204' }, { DesiredDeliveryMediums: ['EMAIL'] }),
      'InvalidParameterException',
      'No email provided but desired delivery medium was Email',
    );
    await rejectsWith(get(poolId, 'nomail'), 'UserNotFoundException', 'User does not exist.');
    // SMS asked for needs a phone number as EMAIL needs an email.
    await rejectsWith(
      create(poolId, 'nophone', { email: 'nophone@example.com' }, { DesiredDeliveryMediums: ['SMS'] }),
      'InvalidParameterException',
      'No phone_number provided but desired delivery medium was SMS',
    );
    await rejectsWith(get(poolId, 'nophone'), 'UserNotFoundException', 'User does not exist.');
    // SUPPRESS needs no address at all.
    assert.equal(
      (await create(poolId, 'nophone', {}, { MessageAction: 'SUPPRESS' })).User!.UserStatus,
      'FORCE_CHANGE_PASSWORD',
    );
  });

  test('left to the default (SMS), a user without a phone number is created and sent nothing', async () => {
    // As boto3 scripts, Terraform's aws_cognito_user and most test suites call it.
    const { User } = await create(poolId, 'emailonly', { email: 'emailonly@example.com' });
    assert.equal(User!.UserStatus, 'FORCE_CHANGE_PASSWORD');
    assert.equal((await attrs(poolId, 'emailonly')).email, 'emailonly@example.com');
    // No attributes at all, as Terraform's acceptance test creates one.
    assert.equal((await create(poolId, 'bare', {})).User!.UserStatus, 'FORCE_CHANGE_PASSWORD');
    // A later invitation delivered means the worker has run since.
    await create(poolId, 'after-emailonly', { email: 'after@example.com' }, { DesiredDeliveryMediums: ['EMAIL'] });
    await s.waitForEmail('after@example.com');
    assert.equal((await emailsTo('emailonly@example.com')).length, 0);
  });

  test('RESEND sends a new temporary password; the user stays FORCE_CHANGE_PASSWORD', async () => {
    await create(poolId, 'ray', { email: 'ray@example.com' }, { DesiredDeliveryMediums: ['EMAIL'] });
    const first = invited((await s.waitForEmail('ray@example.com')).Body.text_part!).password;
    const { User } = await create(poolId, 'ray', {}, { MessageAction: 'RESEND', DesiredDeliveryMediums: ['EMAIL'] });
    assert.equal(User!.Username, 'ray');
    assert.equal(User!.UserStatus, 'FORCE_CHANGE_PASSWORD');
    const second = invited((await s.waitForEmail('ray@example.com', { after: 1 })).Body.text_part!).password;
    assert.notEqual(second, first);
    // The admin may choose the new password too.
    await create(
      poolId,
      'ray',
      {},
      { MessageAction: 'RESEND', DesiredDeliveryMediums: ['EMAIL'], TemporaryPassword: 'Again-Passw0rd!' },
    );
    assert.equal(
      invited((await s.waitForEmail('ray@example.com', { after: 2 })).Body.text_part!).password,
      'Again-Passw0rd!',
    );
    // RESEND by SMS needs a phone number like a first invitation; left to the default, a user
    // without one gets a new temporary password and no message.
    await rejectsWith(
      create(poolId, 'ray', {}, { MessageAction: 'RESEND', DesiredDeliveryMediums: ['SMS'] }),
      'InvalidParameterException',
      'No phone_number provided but desired delivery medium was SMS',
    );
    assert.equal(
      (await create(poolId, 'ray', {}, { MessageAction: 'RESEND' })).User!.UserStatus,
      'FORCE_CHANGE_PASSWORD',
    );
    await create(poolId, 'after-ray', { email: 'after-ray@example.com' }, { DesiredDeliveryMediums: ['EMAIL'] });
    await s.waitForEmail('after-ray@example.com');
    assert.equal((await emailsTo('ray@example.com')).length, 3);
  });

  test('RESEND refuses unknown and confirmed users', async () => {
    await rejectsWith(
      create(poolId, 'ghost', {}, { MessageAction: 'RESEND', DesiredDeliveryMediums: ['EMAIL'] }),
      'UserNotFoundException',
      'User does not exist.',
    );
    const clientId = (await c.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web' })))
      .UserPoolClient!.ClientId!;
    await c.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: 'cora',
        Password: 'Passw0rd!',
        UserAttributes: [{ Name: 'email', Value: 'cora@example.com' }],
      }),
    );
    await c.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'cora' }));
    await rejectsWith(
      create(poolId, 'cora', {}, { MessageAction: 'RESEND', DesiredDeliveryMediums: ['EMAIL'] }),
      'UnsupportedUserStateException',
      'Resend not possible. cora status is not FORCE_CHANGE_PASSWORD',
    );
    assert.equal((await emailsTo('cora@example.com')).length, 0);
  });

  test('SUPPRESS sends nothing', async () => {
    await create(
      poolId,
      'quiet',
      { email: 'quiet@example.com', phone_number: '+15555550205' },
      { MessageAction: 'SUPPRESS', DesiredDeliveryMediums: ['EMAIL', 'SMS'] },
    );
    // A later invitation delivered means the worker has run since.
    await create(poolId, 'loud', { email: 'loud@example.com' }, { DesiredDeliveryMediums: ['EMAIL'] });
    await s.waitForEmail('loud@example.com');
    assert.equal((await emailsTo('quiet@example.com')).length, 0);
    assert.deepEqual(await smsTo('+15555550205'), []);
  });

  test('a template without {####} is not delivered on that medium', async () => {
    const pool = await newPool({
      AdminCreateUserConfig: { InviteMessageTemplate: { SMSMessage: 'Welcome aboard, {username}!' } },
    });
    await create(
      pool,
      'pia',
      { email: 'pia@example.com', phone_number: '+15555550206' },
      { DesiredDeliveryMediums: ['SMS', 'EMAIL'] },
    );
    assert.equal(invited((await s.waitForEmail('pia@example.com')).Body.text_part!).username, 'pia');
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(await smsTo('+15555550206'), []);
  });

  test("the generated temporary password satisfies the pool's password policy", async () => {
    const pool = await newPool({
      Policies: {
        PasswordPolicy: {
          MinimumLength: 20,
          RequireUppercase: true,
          RequireLowercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
    });
    for (const [i, name] of ['gia', 'gil', 'gus'].entries()) {
      await create(pool, name, { email: `${name}@example.com` }, { DesiredDeliveryMediums: ['EMAIL'] });
      const { password } = invited((await s.waitForEmail(`${name}@example.com`)).Body.text_part!);
      assert.ok(password.length >= 20, password);
      assert.match(password, /[a-z]/);
      assert.match(password, /[A-Z]/);
      assert.match(password, /[0-9]/);
      assert.match(password, /[^a-zA-Z0-9]/);
      // The server's own policy check accepts it as an admin-chosen password.
      await create(pool, `copy${i}`, {}, { MessageAction: 'SUPPRESS', TemporaryPassword: password });
    }
  });

  test('a temporary password with $ patterns arrives exactly as set', async () => {
    const pool = await newPool();
    const chosen = "Pa$$w0rd$&$'x$`1";
    await create(
      pool,
      'dollar',
      { email: 'dollar@example.com' },
      { DesiredDeliveryMediums: ['EMAIL'], TemporaryPassword: chosen },
    );
    assert.equal(invited((await s.waitForEmail('dollar@example.com')).Body.text_part!).password, chosen);
  });

  test('verified flags are kept; ForceAliasCreation moves a verified alias', async () => {
    const pool = await newPool({ AliasAttributes: ['email'] });
    await create(pool, 'ann', { email: 'shared@example.com', email_verified: 'true' }, { MessageAction: 'SUPPRESS' });
    assert.equal((await attrs(pool, 'ann')).email_verified, 'true');
    assert.equal((await get(pool, 'shared@example.com')).Username, 'ann');

    await rejectsWith(
      create(
        pool,
        'bea',
        { email: 'shared@example.com', email_verified: 'true' },
        { DesiredDeliveryMediums: ['EMAIL'] },
      ),
      'AliasExistsException',
      'An account with the email already exists.',
    );
    await rejectsWith(get(pool, 'bea'), 'UserNotFoundException', 'User does not exist.');
    // Unverified, the address claims nothing: the flag has no effect.
    await create(pool, 'cal', { email: 'shared@example.com' }, { MessageAction: 'SUPPRESS' });
    assert.equal((await get(pool, 'shared@example.com')).Username, 'ann');

    await create(
      pool,
      'bea',
      { email: 'shared@example.com', email_verified: 'true' },
      { DesiredDeliveryMediums: ['EMAIL'], ForceAliasCreation: true },
    );
    assert.equal((await get(pool, 'shared@example.com')).Username, 'bea');
    assert.equal((await attrs(pool, 'ann')).email_verified, 'false');
    assert.equal((await attrs(pool, 'bea')).email_verified, 'true');
    assert.equal(invited((await s.waitForEmail('shared@example.com')).Body.text_part!).username, 'bea');
  });
});
