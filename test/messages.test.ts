// Which message a pool sends, with which text: templates, defaults, link-style verification.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateUserPoolCommand, CreateUserPoolClientCommand, SignUpCommand, AdminGetUserCommand, ResendConfirmationCodeCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { eachBackend, startServer, type TestServer } from './support/server.js';

eachBackend('verification messages', (backend) => {
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  before(async () => {
    s = await startServer({ backend });
    c = s.cognito();
  });
  after(() => s.stop());

  const poolWith = async (settings: Record<string, unknown>) => {
    const poolId = (await c.send(new CreateUserPoolCommand({ PoolName: 'msg', AutoVerifiedAttributes: ['email'], ...settings }))).UserPool!.Id!;
    const clientId = (await c.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web' }))).UserPoolClient!.ClientId!;
    return { poolId, clientId };
  };
  const signUp = (clientId: string, username: string, email: string) =>
    c.send(new SignUpCommand({ ClientId: clientId, Username: username, Password: 'Passw0rd!', UserAttributes: [{ Name: 'email', Value: email }] }));

  test('a pool template is used, with {####} and {username} filled in', async () => {
    const { clientId } = await poolWith({ VerificationMessageTemplate: { EmailSubject: 'Welcome to Acme', EmailMessage: 'Hi {username}, your Acme code is {####}.' } });
    await signUp(clientId, 'tess', 'tess@example.com');
    const mail = await s.waitForEmail('tess@example.com');
    assert.equal(mail.Subject, 'Welcome to Acme');
    assert.match(mail.Body.text_part!, /^Hi tess, your Acme code is \d{6}\.$/);
  });

  test('a link-style email confirms the user when its link is followed', async () => {
    const { poolId, clientId } = await poolWith({
      VerificationMessageTemplate: { DefaultEmailOption: 'CONFIRM_WITH_LINK', EmailSubjectByLink: 'Confirm your account', EmailMessageByLink: 'Welcome! {##Click here to confirm##}' },
    });
    await signUp(clientId, 'lee', 'lee@example.com');
    const mail = await s.waitForEmail('lee@example.com');
    assert.equal(mail.Subject, 'Confirm your account');
    const href = /<a href="([^"]+)">Click here to confirm<\/a>/.exec(mail.Body.html_part!)?.[1].replaceAll('&#38;', '&');
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
