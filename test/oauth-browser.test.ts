// Managed login in a real browser: Debian's Chromium, headless, driven by playwright-core, signs
// in through the sign-in form with code + PKCE, sets up an authenticator app on the page (MFA ON),
// signs out, signs in again answering the app's code (TOTP MFA),
// lands on the app's callback with a code the app exchanges, and signs out. The app is a small
// HTTP server of the test on localhost (its callback and signed-out pages).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TOTP, Secret } from 'otpauth';
import {
  SetUserPoolMfaConfigCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { chromium, type Browser } from 'playwright-core';
import { startServer, testClock, type TestServer } from './support/server.js';
import { authorizeUrl, oauthPool, postForm, type OAuthPool } from './support/oauth.js';

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed (.ci/run installs Debian's chromium)`;

test('code + PKCE sign-in with TOTP MFA through the managed login form, then logout, in Chromium', {
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
  const appUrl = `http://localhost:${(app.address() as AddressInfo).port}`;
  const CALLBACK = `${appUrl}/callback`;
  const SIGNED_OUT = `${appUrl}/bye`;
  s = await startServer({ now: clock.now });
  const c: CognitoIdentityProviderClient = s.cognito();
  const p: OAuthPool = await oauthPool(s, c);
  await c.send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId: p.poolId,
      MfaConfiguration: 'ON',
      SoftwareTokenMfaConfiguration: { Enabled: true },
    }),
  );
  const { clientId } = await p.client({
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    CallbackURLs: [CALLBACK],
    LogoutURLs: [SIGNED_OUT],
  });
  const authorize = (params: Record<string, string>) => authorizeUrl(p.base, { redirect_uri: CALLBACK, ...params });
  await p.user('lena', 'Passw0rd!long', { email: 'lena@example.com' });

  const appCode = (secret: string) => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: clock.now() });

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext();
  const page = await context.newPage();

  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  await page.goto(
    authorize({
      client_id: clientId,
      scope: 'openid email',
      state: 'st-9',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }),
  );
  assert.match(page.url(), /\/login\?/);
  assert.equal(await page.locator('h1').textContent(), 'Sign in');
  await page.fill('input[name=username]', 'lena');
  await page.fill('input[name=password]', 'Passw0rd!long');
  await page.click('button[type=submit]');
  // MFA is ON and lena has no factor yet: the page sets up her authenticator app.
  await page.waitForSelector('#totp-secret', { timeout: 10_000 });
  assert.equal(await page.locator('h1').textContent(), 'Set up an authenticator app');
  const keyShown = async () => ((await page.locator('#totp-secret').textContent()) ?? '').replace(/\s/g, '');
  const secret = await keyShown();
  assert.match(secret, /^[A-Z2-7]{32}$/);
  await page.fill('input[name=code]', appCode(secret) === '000000' ? '111111' : '000000');
  await page.click('button[type=submit]');
  await page.waitForSelector('.errorMessage-customizable', { timeout: 10_000 });
  assert.equal(await keyShown(), secret, 'a wrong code keeps the same key');
  await page.fill('input[name=code]', appCode(secret));
  await Promise.all([page.waitForURL((u) => u.href.startsWith(CALLBACK)), page.click('button[type=submit]')]);
  const setUp = new URL(page.url());
  assert.equal(setUp.searchParams.get('state'), 'st-9');
  assert.ok(setUp.searchParams.get('code'));

  // Signed out, then in again: now the app's code is asked for (a step later: the setup's code is spent).
  await page.goto(`${p.base}/logout?client_id=${clientId}&logout_uri=${encodeURIComponent(SIGNED_OUT)}`);
  clock.advance(30_000);
  await page.goto(
    authorize({
      client_id: clientId,
      scope: 'openid email',
      state: 'st-10',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }),
  );
  await page.fill('input[name=username]', 'lena');
  await page.fill('input[name=password]', 'Passw0rd!long');
  await page.click('button[type=submit]');
  await page.waitForSelector('input[name=code]', { timeout: 10_000 });
  assert.match((await page.locator('main').textContent()) ?? '', /authenticator app shows/);
  await page.fill('input[name=code]', appCode(secret));
  await Promise.all([page.waitForURL((u) => u.href.startsWith(CALLBACK)), page.click('button[type=submit]')]);
  const back = new URL(page.url());
  assert.equal(back.searchParams.get('state'), 'st-10');
  const code = back.searchParams.get('code')!;

  const session = (await context.cookies()).find((k) => k.name === 'cognito');
  assert.ok(session, 'the domain set its session cookie');
  assert.equal(session.httpOnly, true);
  assert.equal(session.sameSite, 'Lax');
  assert.ok(session.path.startsWith('/_cognate/domains/'));

  const tokens = await postForm(`${p.base}/oauth2/token`, {
    grant_type: 'authorization_code',
    client_id: clientId,
    code,
    redirect_uri: CALLBACK,
    code_verifier: verifier,
  });
  assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
  const id = JSON.parse(Buffer.from(String(tokens.body.id_token).split('.')[1], 'base64url').toString());
  assert.equal(id.email, 'lena@example.com');

  // Signed in: authorize answers at once; after logout, the sign-in form again.
  await page.goto(authorize({ client_id: clientId, scope: 'openid' }));
  assert.ok(page.url().startsWith(`${CALLBACK}?code=`), page.url());
  await page.goto(`${p.base}/logout?client_id=${clientId}&logout_uri=${encodeURIComponent(SIGNED_OUT)}`);
  assert.equal(page.url(), SIGNED_OUT);
  assert.equal(
    (await context.cookies()).find((k) => k.name === 'cognito'),
    undefined,
  );
  await page.goto(authorize({ client_id: clientId, scope: 'openid' }));
  assert.match(page.url(), /\/login\?/);
  assert.equal(await page.locator('input[name=password]').count(), 1);
});
