// Managed login and the OAuth 2.0 endpoints as apps use them: openid-client (the library Auth.js
// builds on) discovers the pool from its issuer, signs in with code + PKCE through the real
// sign-in form, reads userInfo, refreshes and revokes; a machine gets a client_credentials token
// with a custom scope by plain fetch; single sign-on across two clients; the implicit grant; a
// temporary password replaced on the form; logout; and the same endpoints over HTTPS.
import { before, after, test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as oidc from 'openid-client';
import {
  AdminCreateUserCommand,
  AdminListUserAuthEventsCommand,
  GetUserCommand,
  SetUICustomizationCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { eachBackend, rejectsWith, startServer, type TestServer } from './support/server.js';
import {
  authorizeUrl,
  CALLBACK,
  FormBrowser,
  oauthPool,
  postForm,
  SIGNED_OUT,
  type OAuthPool,
} from './support/oauth.js';

const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));

eachBackend('managed login and OAuth 2.0 with openid-client', (backend) => {
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  let p: OAuthPool;

  before(async () => {
    s = await startServer({ backend });
    c = s.cognito();
    p = await oauthPool(s, c);
    await p.user('maria', 'Passw0rd!long', { email: 'maria@example.com', email_verified: 'true', name: 'Maria' });
  });
  after(() => s.stop());

  test('discovery, code + PKCE through the sign-in form, userInfo, refresh, revocation', async () => {
    const { clientId } = await p.client();
    const config = await oidc.discovery(new URL(p.issuer), clientId, undefined, oidc.None(), {
      execute: [oidc.allowInsecureRequests],
    });
    const meta = config.serverMetadata();
    assert.equal(meta.issuer, p.issuer);
    assert.equal(meta.authorization_endpoint, `${p.base}/oauth2/authorize`);
    assert.equal(meta.token_endpoint, `${p.base}/oauth2/token`);
    assert.deepEqual(meta.code_challenge_methods_supported, ['S256']);
    assert.ok(meta.scopes_supported?.includes('https://api.example.com/read'));
    // The domain serves the same document.
    const onDomain = await (await fetch(`${p.base}/.well-known/openid-configuration`)).json();
    assert.deepEqual(onDomain, await (await fetch(`${p.issuer}/.well-known/openid-configuration`)).json());

    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: CALLBACK,
      scope: 'openid email aws.cognito.signin.user.admin',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    const back = await new FormBrowser().signIn(url.href, 'maria', 'Passw0rd!long');
    const tokens = await oidc.authorizationCodeGrant(config, new URL(back), {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
    });
    const id = tokens.claims()!;
    assert.equal(id.email, 'maria@example.com');
    assert.equal(id.email_verified, true);
    assert.equal(id.name, undefined, 'the email scope shows email claims only');
    assert.equal(id['cognito:username'], 'maria');
    assert.equal(id.nonce, nonce);
    assert.equal(typeof id.at_hash, 'string');
    const access = claimsOf(tokens.access_token);
    assert.equal(access.scope, 'openid email aws.cognito.signin.user.admin');
    assert.equal(access.version, 2);
    assert.equal(access.client_id, clientId);
    assert.equal(access.username, 'maria');
    assert.equal(access.auth_time, id.auth_time);
    assert.equal(access.origin_jti, id.origin_jti);
    assert.ok(tokens.refresh_token);

    const info = await oidc.fetchUserInfo(config, tokens.access_token, id.sub);
    assert.equal(info.email, 'maria@example.com');
    assert.equal(info.username, 'maria');
    assert.equal(info.name, undefined);
    // Cognito's own scope lets the token call the user's operations.
    const me = await c.send(new GetUserCommand({ AccessToken: tokens.access_token }));
    assert.equal(me.Username, 'maria');

    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    assert.equal(claimsOf(refreshed.access_token).scope, 'openid email aws.cognito.signin.user.admin');
    assert.equal(refreshed.refresh_token, undefined, 'no rotation: the refresh token stays');
    assert.ok(refreshed.id_token);

    await oidc.tokenRevocation(config, tokens.refresh_token!);
    await assert.rejects(
      oidc.refreshTokenGrant(config, tokens.refresh_token!),
      (e: { error?: string }) => e.error === 'invalid_grant',
    );
    await rejectsWith(
      c.send(new GetUserCommand({ AccessToken: tokens.access_token })),
      'NotAuthorizedException',
      'Access Token has been revoked',
    );
  });

  test("a token without Cognito's scope cannot call GetUser; a rotating client gets a new refresh token", async () => {
    const { clientId } = await p.client({ RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 } });
    const back = await new FormBrowser().signIn(
      authorizeUrl(p.base, { client_id: clientId, scope: 'openid' }),
      'maria',
      'Passw0rd!long',
    );
    const code = new URL(back).searchParams.get('code')!;
    const t = await postForm(`${p.base}/oauth2/token`, {
      grant_type: 'authorization_code',
      client_id: clientId,
      code,
      redirect_uri: CALLBACK,
    });
    assert.equal(t.status, 200);
    await rejectsWith(
      c.send(new GetUserCommand({ AccessToken: String(t.body.access_token) })),
      'NotAuthorizedException',
      'Access Token does not have required scopes',
    );
    // openid alone: every readable attribute in the id token.
    assert.equal(claimsOf(String(t.body.id_token)).name, 'Maria');
    const r1 = await postForm(`${p.base}/oauth2/token`, {
      grant_type: 'refresh_token',
      client_id: clientId,
      refresh_token: String(t.body.refresh_token),
    });
    assert.equal(r1.status, 200);
    assert.ok(r1.body.refresh_token && r1.body.refresh_token !== t.body.refresh_token);
    const reused = await postForm(`${p.base}/oauth2/token`, {
      grant_type: 'refresh_token',
      client_id: clientId,
      refresh_token: String(t.body.refresh_token),
    });
    assert.deepEqual(reused.body, { error: 'invalid_grant' });
  });

  test('client_credentials with a custom scope, by plain fetch, with either secret form', async () => {
    const m2m = await p.client({
      ClientName: 'machine',
      GenerateSecret: true,
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthScopes: ['https://api.example.com/read', 'https://api.example.com/write'],
      CallbackURLs: undefined,
    });
    const basic = await fetch(`${p.base}/oauth2/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${m2m.clientId}:${m2m.secret}`).toString('base64')}`,
      },
      body: 'grant_type=client_credentials&scope=https%3A%2F%2Fapi.example.com%2Fread',
    });
    assert.equal(basic.status, 200);
    const body = (await basic.json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(body).sort(), ['access_token', 'expires_in', 'token_type']);
    const claims = claimsOf(String(body.access_token));
    assert.equal(claims.sub, m2m.clientId);
    assert.equal(claims.client_id, m2m.clientId);
    assert.equal(claims.scope, 'https://api.example.com/read');
    assert.equal(claims.token_use, 'access');
    assert.equal(claims.version, 2);
    const post = await postForm(`${p.base}/oauth2/token`, {
      grant_type: 'client_credentials',
      client_id: m2m.clientId,
      client_secret: m2m.secret!,
    });
    assert.equal(
      claimsOf(String(post.body.access_token)).scope,
      'https://api.example.com/read https://api.example.com/write',
    );
  });

  test('single sign-on across two clients of the pool; logout ends it and returns to a sign-out URL', async () => {
    const one = await p.client({ ClientName: 'one' });
    const two = await p.client({ ClientName: 'two' });
    const b = new FormBrowser();
    await b.signIn(authorizeUrl(p.base, { client_id: one.clientId }), 'maria', 'Passw0rd!long');
    const cookie = (await b.request(authorizeUrl(p.base, { client_id: two.clientId, state: 's2' }))).location!;
    assert.equal(new URL(cookie).searchParams.get('state'), 's2');
    assert.ok(new URL(cookie).searchParams.get('code'), 'signed in at once, no form');
    const forced = await b.request(authorizeUrl(p.base, { client_id: two.clientId, prompt: 'login' }));
    assert.match(forced.location!, /\/login\?/);

    const out = await b.request(
      `${p.base}/logout?client_id=${two.clientId}&logout_uri=${encodeURIComponent(SIGNED_OUT)}`,
    );
    assert.equal(out.status, 302);
    assert.equal(out.location, SIGNED_OUT);
    assert.match(out.headers.getSetCookie().join('\n'), /cognito=; .*Max-Age=0/);
    assert.match((await b.request(authorizeUrl(p.base, { client_id: one.clientId }))).location!, /\/login\?/);

    // With redirect_uri instead: to the sign-in page of that authorize request.
    const again = await b.request(
      `${p.base}/logout?client_id=${one.clientId}&response_type=code&redirect_uri=${encodeURIComponent(CALLBACK)}`,
    );
    assert.match(again.location!, new RegExp(`^${p.base.replace(/[.]/g, '\\.')}/login\\?`));
  });

  test('by Host: the domain answers at <prefix>.auth.<region>.localhost, naming that host in its addresses', async () => {
    const host = `${p.base.slice(p.base.lastIndexOf('/') + 1)}.localhost:${new URL(s.url).port}`;
    const { clientId } = await p.client();
    const get = (path: string) =>
      new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>(
        (resolve, reject) => {
          httpRequest(`${s.url}${path}`, { headers: { host } }, (res) => {
            let body = '';
            res.on('data', (d) => (body += d));
            res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
          })
            .on('error', reject)
            .end();
        },
      );
    const doc = JSON.parse((await get('/.well-known/openid-configuration')).body);
    assert.equal(doc.token_endpoint, `http://${host}/oauth2/token`);
    assert.equal(doc.issuer, p.issuer);
    const to = await get(
      `/oauth2/authorize?response_type=code&client_id=${clientId}&redirect_uri=${encodeURIComponent(CALLBACK)}`,
    );
    assert.equal(to.status, 302);
    assert.match(String(to.headers.location), new RegExp(`^http://${host.replace(/\./g, '\\.')}/login\\?`));
    const login = await get(String(to.headers.location).slice(`http://${host}`.length));
    assert.match(String(login.headers['set-cookie']), /Path=\/;/);
    // Cognito's own routes stay where they are: the operator API is not the domain's.
    assert.equal((await get('/health')).status, 200);
  });

  test("the sign-in page carries the client's hosted UI CSS, escaped, and no script", async () => {
    const { clientId } = await p.client();
    await c.send(
      new SetUICustomizationCommand({
        UserPoolId: p.poolId,
        ClientId: clientId,
        CSS: '.submitButton-customizable { background-color: rgb(200, 30, 30); }',
      }),
    );
    const b = new FormBrowser();
    const login = await b.request(
      (await b.request(authorizeUrl(p.base, { client_id: clientId, state: '"><script>x</script>' }))).location!,
    );
    assert.equal(login.status, 200);
    assert.match(login.text, /\.submitButton-customizable \{ background-color: rgb\(200, 30, 30\); \}/);
    assert.match(login.text, /class="submitButton-customizable"/);
    assert.doesNotMatch(login.text, /<script/);
    assert.equal(login.headers.get('x-frame-options'), 'DENY');
  });

  test('threat protection records the managed login sign-in as it records InitiateAuth', async () => {
    const plus = await oauthPool(s, c, { UserPoolTier: 'PLUS', UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' } });
    const { clientId } = await plus.client();
    await plus.user('ines', 'Passw0rd!long');
    const b = new FormBrowser();
    await assert.rejects(
      b.signIn(authorizeUrl(plus.base, { client_id: clientId }), 'ines', 'wrong-password'),
      /Incorrect username or password/,
    );
    await b.signIn(authorizeUrl(plus.base, { client_id: clientId }), 'ines', 'Passw0rd!long');
    const events = (await c.send(new AdminListUserAuthEventsCommand({ UserPoolId: plus.poolId, Username: 'ines' })))
      .AuthEvents!;
    assert.deepEqual(
      events.map((e) => [e.EventType, e.EventResponse, e.ChallengeResponses?.[0]?.ChallengeResponse]),
      [
        ['SignIn', 'Pass', 'Success'],
        ['SignIn', 'Fail', 'Failure'],
      ],
    );
    assert.equal(events[0].EventContextData?.IpAddress, '127.0.0.1');
  });

  test('the implicit grant answers the tokens in the fragment, never a refresh token', async () => {
    const { clientId } = await p.client({ AllowedOAuthFlows: ['implicit'] });
    const back = await new FormBrowser().signIn(
      authorizeUrl(p.base, {
        client_id: clientId,
        response_type: 'token',
        scope: 'openid profile',
        state: 'x',
        nonce: 'n-1',
      }),
      'maria',
      'Passw0rd!long',
    );
    const fragment = new URLSearchParams(new URL(back).hash.slice(1));
    assert.equal(fragment.get('state'), 'x');
    assert.equal(fragment.get('refresh_token'), null);
    assert.equal(claimsOf(fragment.get('id_token')!).nonce, 'n-1');
    assert.equal(claimsOf(fragment.get('access_token')!).scope, 'openid profile');
    assert.equal(new URL(back).search, '');
  });

  test('a temporary password is replaced on the form, then the sign-in goes on', async () => {
    const { clientId } = await p.client();
    await c.send(
      new AdminCreateUserCommand({
        UserPoolId: p.poolId,
        Username: 'tomas',
        TemporaryPassword: 'Temp0rary!pass',
        MessageAction: 'SUPPRESS',
      }),
    );
    const pages: string[] = [];
    const back = await new FormBrowser().signIn(
      authorizeUrl(p.base, { client_id: clientId }),
      'tomas',
      'Temp0rary!pass',
      async (page) => {
        pages.push(page);
        // First a password the policy refuses, then a good one.
        return { new_password: pages.length === 1 ? 'short' : 'N3w-Passw0rd!long' };
      },
    );
    assert.match(pages[0], /Choose a new password/);
    assert.match(pages[1], /Your new password is not allowed|Password/);
    assert.ok(new URL(back).searchParams.get('code'));
  });
});

describe('managed login over HTTPS (--tls-cert)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cognate-oauth-tls-'));
  let s: TestServer;
  let ca: string;
  let p: OAuthPool & { clientId: string };

  before(async () => {
    const cli = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
    await promisify(execFile)(process.execPath, [cli, 'cert', '--dir', dir]);
    ca = readFileSync(join(dir, 'ca.pem'), 'utf8');
    s = await startServer({ flags: { 'tls-cert': join(dir, 'cert.pem'), 'tls-key': join(dir, 'key.pem') } });
    p = await oauthPoolOverTls(s, ca);
  });
  after(async () => {
    await s.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (
    url: string,
  ): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> =>
    new Promise((resolve, reject) => {
      request(url, { ca }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      })
        .on('error', reject)
        .end();
    });

  test('discovery names https and the host the request came in on; cookies are Secure', async () => {
    const doc = JSON.parse((await get(`${p.base}/.well-known/openid-configuration`)).body);
    assert.equal(doc.token_endpoint, `${p.base}/oauth2/token`);
    assert.match(doc.token_endpoint, /^https:\/\/127\.0\.0\.1:\d+\//);
    const viaLocalhost = p.base.replace('127.0.0.1', 'localhost');
    const doc2 = JSON.parse((await get(`${viaLocalhost}/.well-known/openid-configuration`)).body);
    assert.equal(doc2.authorization_endpoint, `${viaLocalhost}/oauth2/authorize`);
    const login = await get(
      `${p.base}/login?client_id=${p.clientId}&response_type=code&redirect_uri=${encodeURIComponent(CALLBACK)}`,
    );
    assert.equal(login.status, 200);
    const cookies = ([] as string[]).concat(login.headers['set-cookie'] ?? []);
    assert.ok(cookies.length > 0);
    for (const line of cookies) assert.match(line, /; HttpOnly; SameSite=Lax; Secure/);
  });
});

/** The pool of the HTTPS suite, made through the SDK trusting the test CA. */
async function oauthPoolOverTls(s: TestServer, ca: string): Promise<OAuthPool & { clientId: string }> {
  const { CognitoIdentityProviderClient } = await import('@aws-sdk/client-cognito-identity-provider');
  const { Agent } = await import('node:https');
  const c = new CognitoIdentityProviderClient({
    endpoint: s.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    requestHandler: { httpsAgent: new Agent({ ca }) },
    maxAttempts: 1,
  });
  const p = await oauthPool(s, c);
  const { clientId } = await p.client();
  return { ...p, clientId };
}
