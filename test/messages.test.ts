// Which message a pool sends, with which text: templates, defaults, link-style verification.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateUserPoolCommand,
  CreateUserPoolClientCommand,
  SignUpCommand,
  AdminGetUserCommand,
  ResendConfirmationCodeCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { eachBackend, startServer, rejectsWith, type TestServer } from './support/server.js';

eachBackend('verification messages', (backend) => {
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  before(async () => {
    s = await startServer({ backend });
    c = s.cognito();
  });
  after(() => s.stop());

  const poolWith = async (settings: Record<string, unknown>) => {
    const poolId = (
      await c.send(new CreateUserPoolCommand({ PoolName: 'msg', AutoVerifiedAttributes: ['email'], ...settings }))
    ).UserPool!.Id!;
    const clientId = (await c.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web' })))
      .UserPoolClient!.ClientId!;
    return { poolId, clientId };
  };
  const signUp = (clientId: string, username: string, email: string) =>
    c.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: username,
        Password: 'Passw0rd!',
        UserAttributes: [{ Name: 'email', Value: email }],
      }),
    );

  test('a pool template is used, with {####} and {username} filled in', async () => {
    const { clientId } = await poolWith({
      VerificationMessageTemplate: {
        EmailSubject: 'Welcome to Acme',
        EmailMessage: 'Hi {username}, your Acme code is {####}.',
      },
    });
    await signUp(clientId, 'tess', 'tess@example.com');
    const mail = await s.waitForEmail('tess@example.com');
    assert.equal(mail.Subject, 'Welcome to Acme');
    assert.match(mail.Body.text_part!, /^Hi tess, your Acme code is \d{6}\.$/);
  });

  test('a link-style email confirms the user when its link is followed', async () => {
    const { poolId, clientId } = await poolWith({
      VerificationMessageTemplate: {
        DefaultEmailOption: 'CONFIRM_WITH_LINK',
        EmailSubjectByLink: 'Confirm your account',
        EmailMessageByLink: 'Welcome! {##Click here to confirm##}',
      },
    });
    await signUp(clientId, 'lee', 'lee@example.com');
    const mail = await s.waitForEmail('lee@example.com');
    assert.equal(mail.Subject, 'Confirm your account');
    const href = /<a href="([^"]+)">Click here to confirm<\/a>/
      .exec(mail.Body.html_part!)?.[1]
      .replaceAll('&#38;', '&');
    assert.ok(href, `no link in ${mail.Body.html_part}`);
    const link = new URL(href);
    assert.equal(link.origin, new URL(s.url).origin);
    assert.equal(link.pathname, '/confirmUser');
    assert.equal(link.searchParams.get('client_id'), clientId);
    assert.equal(link.searchParams.get('user_name'), 'lee');
    assert.match(mail.Body.text_part!, /Click here to confirm: http/);

    const page = await fetch(href);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Your registration has been confirmed!/);
    const user = await c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'lee' }));
    assert.equal(user.UserStatus, 'CONFIRMED');
    assert.ok(user.UserAttributes!.some((a) => a.Name === 'email_verified' && a.Value === 'true'));

    const again = await fetch(href);
    assert.equal(again.status, 400);
    assert.match(await again.text(), /User cannot be confirmed. Current status is CONFIRMED/);
  });

  test('a resent link replaces the first one', async () => {
    const { clientId } = await poolWith({ VerificationMessageTemplate: { DefaultEmailOption: 'CONFIRM_WITH_LINK' } });
    await signUp(clientId, 'max', 'max@example.com');
    const first = await s.waitForEmail('max@example.com');
    assert.equal(first.Subject, 'Your verification link');
    await c.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'max' }));
    const second = await s.waitForEmail('max@example.com', { after: 1 });
    const linkOf = (m: typeof first) => /href="([^"]+)"/.exec(m.Body.html_part!)![1].replaceAll('&#38;', '&');
    const codeOf = (m: typeof first) => new URL(linkOf(m)).searchParams.get('confirmation_code');
    // Two draws of a 6-digit code can coincide; only a different one must be refused.
    if (codeOf(first) !== codeOf(second)) assert.equal((await fetch(linkOf(first))).status, 400);
    assert.equal((await fetch(linkOf(second))).status, 200);
  });
});

eachBackend('message template validation', (backend) => {
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  before(async () => {
    s = await startServer({ backend });
    c = s.cognito();
  });
  after(() => s.stop());
  const EMAIL_PATTERN = String.raw`[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*\{####\}[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]*`;
  const create = (settings: Record<string, unknown>) =>
    c.send(new CreateUserPoolCommand({ PoolName: 'tpl', ...settings }));

  test("a verification template without {####} is refused in AWS's words", async () => {
    await rejectsWith(
      create({ VerificationMessageTemplate: { EmailMessage: 'Welcome aboard' } }),
      'InvalidParameterException',
      `1 validation error detected: Value 'Welcome aboard' at 'verificationMessageTemplate.emailMessage' failed to satisfy constraint: Member must satisfy regular expression pattern: ${EMAIL_PATTERN}`,
    );
    await rejectsWith(
      create({ EmailVerificationMessage: '{##check##}' }),
      'InvalidParameterException',
      `1 validation error detected: Value '{##check##}' at 'emailVerificationMessage' failed to satisfy constraint: Member must satisfy regular expression pattern: ${EMAIL_PATTERN}`,
    );
    await rejectsWith(
      create({ SmsAuthenticationMessage: 'Your code' }),
      'InvalidParameterException',
      /^1 validation error detected: Value 'Your code' at 'smsAuthenticationMessage' failed to satisfy constraint: Member must satisfy regular expression pattern: \.\*\\\{####\\\}\.\*$/,
    );
    await rejectsWith(
      create({
        VerificationMessageTemplate: { DefaultEmailOption: 'CONFIRM_WITH_LINK', EmailMessageByLink: 'Click here' },
      }),
      'InvalidParameterException',
      /at 'verificationMessageTemplate\.emailMessageByLink' failed to satisfy constraint: Member must satisfy regular expression pattern/,
    );
    // {####} fits the link pattern but is the code's placeholder, not a link.
    await rejectsWith(
      create({
        VerificationMessageTemplate: { DefaultEmailOption: 'CONFIRM_WITH_LINK', EmailMessageByLink: 'Click {####}' },
      }),
      'InvalidParameterException',
      'The message is invalid.',
    );
  });

  test('templates longer than Cognito allows are refused', async () => {
    const sms = `Code {####} ${'x'.repeat(140)}`;
    await rejectsWith(
      create({ VerificationMessageTemplate: { SmsMessage: sms } }),
      'InvalidParameterException',
      `1 validation error detected: Value '${sms}' at 'verificationMessageTemplate.smsMessage' failed to satisfy constraint: Member must have length less than or equal to 140`,
    );
    const subject = 's'.repeat(141);
    await rejectsWith(
      create({ AdminCreateUserConfig: { InviteMessageTemplate: { EmailSubject: subject } } }),
      'InvalidParameterException',
      `1 validation error detected: Value '${subject}' at 'adminCreateUserConfig.inviteMessageTemplate.emailSubject' failed to satisfy constraint: Member must have length less than or equal to 140`,
    );
  });

  test('a valid template is stored in both the template and the legacy members', async () => {
    const { UserPool } = await create({
      VerificationMessageTemplate: { EmailMessage: 'Code: {####}', EmailSubject: 'Hi', SmsMessage: 'SMS {####}' },
    });
    assert.deepEqual(UserPool!.VerificationMessageTemplate, {
      EmailMessage: 'Code: {####}',
      EmailSubject: 'Hi',
      SmsMessage: 'SMS {####}',
      DefaultEmailOption: 'CONFIRM_WITH_CODE',
    });
    assert.deepEqual(
      [UserPool!.EmailVerificationMessage, UserPool!.EmailVerificationSubject, UserPool!.SmsVerificationMessage],
      ['Code: {####}', 'Hi', 'SMS {####}'],
    );
  });
});
