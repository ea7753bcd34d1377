// The managed login account pages in a real browser (Debian's Chromium, headless, through
// playwright-core): sign-up → the emailed code read from the capture mailbox → confirm → signed
// in and back at the app with a code; forgot and reset password; an authenticator app set up
// during sign-in where the pool requires MFA (its QR code scanned), then its code asked at the
// next sign-in; a sign-in in German (lang=de); the error page. With COGNATE_SCREENSHOTS=1 it writes a screenshot of each page to docs/screenshots/ (the
// README links them); otherwise it writes nothing, so CI does not churn files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { TOTP, Secret } from 'otpauth';
import jsqr from 'jsqr';
import { PNG } from 'pngjs';
import { CreateTermsCommand, SetUserPoolMfaConfigCommand } from '@aws-sdk/client-cognito-identity-provider';
import { chromium, type Browser, type Page } from 'playwright-core';
import { codeIn, startServer, testClock, type TestServer } from './support/server.js';
import { authorizeUrl, oauthPool } from './support/oauth.js';

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed (.ci/run installs Debian's chromium)`;
const SHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

async function shot(page: Page, name: string): Promise<void> {
  if (process.env.COGNATE_SCREENSHOTS !== '1') return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
}

test('sign-up, confirmation, password reset and authenticator set-up through the managed login pages, in Chromium', {
  skip,
}, async (t) => {
  const clock = testClock();
  let s: TestServer | undefined;
  let browser: Browser | undefined;
  const app: Server = createServer((_req, res) => res.end('<p>app</p>'));
  t.after(async () => {
    await browser?.close();
    await s?.stop();
    app.close();
  });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  const CALLBACK = `http://localhost:${(app.address() as AddressInfo).port}/callback`;
  s = await startServer({ now: clock.now });
  const server = s;
  const c = s.cognito();
  const p = await oauthPool(s, c, {
    AutoVerifiedAttributes: ['email'],
    Schema: [{ Name: 'given_name', AttributeDataType: 'String', Required: true, Mutable: true }],
  });
  const { clientId } = await p.client({ CallbackURLs: [CALLBACK] });
  for (const [TermsName, link] of [
    ['terms-of-use', 'https://example.com/terms'],
    ['privacy-policy', 'https://example.com/privacy'],
  ])
    await c.send(
      new CreateTermsCommand({
        UserPoolId: p.poolId,
        ClientId: clientId,
        TermsName,
        TermsSource: 'LINK',
        Enforcement: 'NONE',
        Links: { 'cognito:default': link },
      }),
    );
  const authorize = (base: string, client: string, extra: Record<string, string> = {}) =>
    authorizeUrl(base, { client_id: client, redirect_uri: CALLBACK, scope: 'openid email', state: 'st-3', ...extra });
  const mailTo = async (to: string, seen: number) => {
    for (let i = 0; i < 250; i++) {
      const all = (await server.mailbox()).filter((m) => m.Destination.ToAddresses.includes(to));
      if (all.length > seen) return all[seen];
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no message to ${to}`);
  };
  const backAtApp = (page: Page) => {
    const back = new URL(page.url());
    assert.equal(`${back.origin}${back.pathname}`, CALLBACK);
    assert.equal(back.searchParams.get('state'), 'st-3');
    assert.ok(back.searchParams.get('code'));
  };

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await (await browser.newContext({ viewport: { width: 800, height: 760 } })).newPage();
  const h1 = () => page.locator('h1').textContent();
  const submitTo = async (urlPart: RegExp | ((u: URL) => boolean)) =>
    Promise.all([page.waitForURL(urlPart), page.locator('form').first().locator('button[type=submit]').click()]);

  // Sign-up, from the sign-in page's link.
  await page.goto(authorize(p.base, clientId));
  assert.equal(await h1(), 'Sign in');
  await shot(page, 'sign-in');
  await Promise.all([page.waitForURL(/\/signup\?/), page.click('text=Need an account? Sign up')]);
  assert.equal(await h1(), 'Sign up');
  assert.match((await page.locator('main').textContent()) ?? '', /By signing up you agree to the terms of use/);
  await page.fill('input[name=username]', 'ines');
  await page.fill('input[name="attr.given_name"]', 'Ines');
  await page.fill('input[name="attr.email"]', 'ines@example.com');
  await page.fill('input[name=password]', 'Passw0rd!long');
  await shot(page, 'sign-up');
  await page.locator('button[type=submit]').click();
  await page.waitForSelector('text=Confirm your account');
  await shot(page, 'confirm');
  const signUpMail = await mailTo('ines@example.com', 0);
  await page.fill('input[name=code]', codeIn(signUpMail));
  await submitTo((u) => u.href.startsWith(CALLBACK));
  backAtApp(page);

  // Forgot password, from the sign-in page, in a fresh session.
  await page.context().clearCookies();
  await page.goto(authorize(p.base, clientId));
  await Promise.all([page.waitForURL(/\/forgotPassword\?/), page.click('text=Forgot your password?')]);
  assert.equal(await h1(), 'Forgot your password?');
  await page.fill('input[name=username]', 'ines');
  await shot(page, 'forgot-password');
  await page.locator('button[type=submit]').click();
  await page.waitForSelector('text=Reset your password');
  const resetMail = await mailTo('ines@example.com', 1);
  await page.fill('input[name=code]', codeIn(resetMail));
  await page.fill('input[name=password]', 'Another!pass9');
  await page.fill('input[name=password_again]', 'Another!pass9');
  await shot(page, 'reset-password');
  await page.locator('button[type=submit]').click();
  await page.waitForSelector('text=Your password has been reset');
  await page.fill('input[name=password]', 'Another!pass9');
  await submitTo((u) => u.href.startsWith(CALLBACK));
  backAtApp(page);

  // A pool that requires MFA: the first sign-in sets up an authenticator app.
  const q = await oauthPool(s, c);
  await c.send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId: q.poolId,
      MfaConfiguration: 'ON',
      SoftwareTokenMfaConfiguration: { Enabled: true },
    }),
  );
  const other = (await q.client({ CallbackURLs: [CALLBACK] })).clientId;
  await q.user('jon', 'Passw0rd!long', { email: 'jon@example.com' });
  await page.context().clearCookies();
  await page.goto(authorize(q.base, other));
  await page.fill('input[name=username]', 'jon');
  await page.fill('input[name=password]', 'Passw0rd!long');
  await page.locator('button[type=submit]').click();
  await page.waitForSelector('text=Set up an authenticator app');
  await shot(page, 'totp-setup');
  const secret = ((await page.locator('#totp-secret').textContent()) ?? '').replace(/\s/g, '');
  // The QR code, as a phone's camera reads it: the otpauth:// URI of the key shown as text.
  const png = PNG.sync.read(await page.locator('#totp-qr').screenshot());
  const scanned = jsqr.default(new Uint8ClampedArray(png.data), png.width, png.height);
  assert.ok(scanned, 'the QR code does not scan');
  const otpauth = new URL(scanned.data);
  assert.equal(otpauth.protocol, 'otpauth:');
  assert.equal(otpauth.host, 'totp');
  assert.equal(otpauth.searchParams.get('secret'), secret);
  assert.equal(decodeURIComponent(otpauth.pathname), '/oauth:jon');
  await page.fill('input[name=code]', TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: clock.now() }));
  await submitTo((u) => u.href.startsWith(CALLBACK));
  backAtApp(page);

  // The next sign-in asks for the app's code.
  clock.advance(30_000);
  await page.goto(authorize(q.base, other, { prompt: 'login' }));
  await page.fill('input[name=username]', 'jon');
  await page.fill('input[name=password]', 'Passw0rd!long');
  await page.locator('button[type=submit]').click();
  await page.waitForSelector('text=Enter the code your authenticator app shows.');
  await shot(page, 'mfa');
  await page.fill('input[name=code]', TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: clock.now() }));
  await submitTo((u) => u.href.startsWith(CALLBACK));
  backAtApp(page);

  // Managed login (ManagedLoginVersion 2) in German: lang=de on the link, the pages in German, and
  // the language kept after the link (a cookie), through the password reset's pages too.
  const german = await oauthPool(s, c, {}, { ManagedLoginVersion: 2 });
  const germanClient = (await german.client({ CallbackURLs: [CALLBACK] })).clientId;
  await german.user('gerd', 'Passw0rd!long', { email: 'gerd@example.com' });
  await page.context().clearCookies();
  await page.goto(authorize(german.base, germanClient, { lang: 'de' }));
  assert.equal(await page.locator('html').getAttribute('lang'), 'de');
  assert.equal(await h1(), 'Anmelden');
  await shot(page, 'sign-in-de');
  await Promise.all([page.waitForURL(/\/forgotPassword\?/), page.click('text=Passwort vergessen?')]);
  assert.equal(await h1(), 'Passwort vergessen?');
  await page.goto(authorize(german.base, germanClient));
  assert.equal(await h1(), 'Anmelden', 'the cookie keeps German without lang');
  await page.fill('input[name=username]', 'gerd');
  await page.fill('input[name=password]', 'wrong one');
  await submitTo(/\/login\?/);
  assert.equal(await page.locator('[role=alert]').textContent(), 'Falscher Benutzername oder falsches Passwort.');
  await page.fill('input[name=username]', 'gerd');
  await page.fill('input[name=password]', 'Passw0rd!long');
  await submitTo((u) => u.href.startsWith(CALLBACK));
  backAtApp(page);

  // An app that asks to come back to an address it did not register: the error page.
  await page.goto(authorize(q.base, other, { redirect_uri: 'https://evil.example/cb' }));
  assert.match(page.url(), /\/error\?error=redirect_mismatch/);
  assert.match((await page.locator('main').textContent()) ?? '', /not one of its registered callback URLs/);
  await shot(page, 'error');
});
