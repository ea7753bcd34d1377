// Federation through an OIDC provider in a real browser: the `oidc-provider` package runs an
// OpenID Provider in the test (its development login and consent pages); the pool has it as an
// OIDC IdP found by discovery. Chromium starts at the managed sign-in page, follows "Sign in with
// Corp", signs in at the provider, comes back through /oauth2/idpresponse to the app with a code;
// the tokens name the user Corp_<sub> with its identities. A provider identity linked to a native
// user with AdminLinkProviderForUser signs in as that user.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import {
  AdminGetUserCommand,
  AdminLinkProviderForUserCommand,
  CreateIdentityProviderCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServer, type TestServer } from './support/server.js';
import { authorizeUrl, oauthPool, postForm } from './support/oauth.js';

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed (.ci/run installs Debian's chromium)`;

const claimsOf = (id: string) =>
  id === 'alice' ? { email: 'alice@corp.example', name: 'Alice Corp' } : { email: `${id}@corp.example` };

/** Signs in at oidc-provider's development pages: any login, any password, then the consent. */
async function idpSignIn(page: Page, login: string, callback: string) {
  await page.waitForSelector('input[name=login]', { timeout: 10_000 });
  await page.fill('input[name=login]', login);
  await page.fill('input[name=password]', 'any');
  await page.click('button[type=submit]');
  // The consent page, unless the provider goes straight back.
  await page.waitForURL((u) => u.href.startsWith(callback) || u.pathname.includes('/interaction/'), {
    timeout: 10_000,
  });
  if (!page.url().startsWith(callback))
    await Promise.all([page.waitForURL((u) => u.href.startsWith(callback)), page.click('button[type=submit]')]);
}

const decode = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());

test('sign-in through an OIDC provider (oidc-provider) in Chromium: Corp_<sub> created, a linked identity signs in as its user', {
  skip,
}, async (t) => {
  let s: TestServer | undefined;
  let browser: Browser | undefined;
  let idpServer: Server | undefined;
  const app: Server = createServer((_req, res) => res.end('<p>app</p>'));
  t.after(async () => {
    await browser?.close();
    await s?.stop();
    app.close();
    idpServer?.close();
  });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  const CALLBACK = `http://localhost:${(app.address() as AddressInfo).port}/callback`;
  s = await startServer();
  const c = s.cognito();
  const p = await oauthPool(s, c);

  // The OpenID Provider: its issuer is known only once it listens.
  idpServer = createServer();
  await new Promise<void>((resolve) => idpServer!.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(idpServer.address() as AddressInfo).port}`;
  const idpResponse = `${p.base}/oauth2/idpresponse`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'cognate-pool',
        client_secret: 'a-client-secret-of-the-idp',
        redirect_uris: [idpResponse],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    claims: { openid: ['sub'], email: ['email'], profile: ['name'] },
    findAccount: async (_ctx, id) => ({ accountId: id, claims: async () => ({ sub: id, ...claimsOf(id) }) }),
  });
  idpServer.on('request', provider.callback());

  await c.send(
    new CreateIdentityProviderCommand({
      UserPoolId: p.poolId,
      ProviderName: 'Corp',
      ProviderType: 'OIDC',
      ProviderDetails: {
        client_id: 'cognate-pool',
        client_secret: 'a-client-secret-of-the-idp',
        attributes_request_method: 'GET',
        oidc_issuer: issuer,
        authorize_scopes: 'openid email profile',
      },
      AttributeMapping: { email: 'email', name: 'name' },
    }),
  );
  const { clientId } = await p.client({
    CallbackURLs: [CALLBACK],
    SupportedIdentityProviders: ['COGNITO', 'Corp'],
  });
  await p.user('lena', 'Passw0rd!long', { email: 'lena@example.com' });

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await (await browser.newContext()).newPage();
  await page.goto(
    authorizeUrl(p.base, {
      client_id: clientId,
      redirect_uri: CALLBACK,
      scope: 'openid email profile',
      state: 'app-1',
    }),
  );
  assert.match(page.url(), /\/login\?/);
  await page.click('text=Sign in with Corp');
  assert.ok(page.url().startsWith(issuer), page.url());
  await idpSignIn(page, 'alice', CALLBACK);
  const back = new URL(page.url());
  assert.equal(back.searchParams.get('state'), 'app-1');
  const tokens = await postForm(`${p.base}/oauth2/token`, {
    grant_type: 'authorization_code',
    client_id: clientId,
    code: back.searchParams.get('code')!,
    redirect_uri: CALLBACK,
  });
  assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
  const id = decode(String(tokens.body.id_token));
  assert.equal(id['cognito:username'], 'Corp_alice');
  assert.equal(id.email, 'alice@corp.example');
  assert.equal(id.name, 'Alice Corp');
  assert.equal(id.identities[0].providerName, 'Corp');
  assert.equal(id.identities[0].providerType, 'OIDC');
  assert.equal(id.identities[0].userId, 'alice');
  const user = await c.send(new AdminGetUserCommand({ UserPoolId: p.poolId, Username: 'Corp_alice' }));
  assert.equal(user.UserStatus, 'EXTERNAL_PROVIDER');

  // bob at Corp is linked to the native user lena before he ever signs in: he signs in as lena.
  await c.send(
    new AdminLinkProviderForUserCommand({
      UserPoolId: p.poolId,
      DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: 'lena' },
      SourceUser: { ProviderName: 'Corp', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: 'bob' },
    }),
  );
  const second = await (await browser.newContext()).newPage();
  await second.goto(
    authorizeUrl(p.base, {
      client_id: clientId,
      redirect_uri: CALLBACK,
      scope: 'openid email',
      identity_provider: 'Corp',
    }),
  );
  assert.ok(second.url().startsWith(issuer), 'identity_provider goes straight to the IdP');
  await idpSignIn(second, 'bob', CALLBACK);
  const code = new URL(second.url()).searchParams.get('code')!;
  const linked = await postForm(`${p.base}/oauth2/token`, {
    grant_type: 'authorization_code',
    client_id: clientId,
    code,
    redirect_uri: CALLBACK,
  });
  assert.equal(decode(String(linked.body.id_token))['cognito:username'], 'lena');
});
