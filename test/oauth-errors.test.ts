// Bad input at the domain's endpoints, each answered as AWS answers it: what the person sees (the
// domain's error page, never a redirect to an address the client did not register), what the
// app's redirect URI receives (error and state), and the token, revocation and userInfo
// endpoints' OAuth error bodies and statuses.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { InitiateAuthCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { eachBackend, startServer, testClock, type TestServer } from './support/server.js';
import { authorizeUrl, CALLBACK, FormBrowser, oauthPool, postForm, type OAuthPool } from './support/oauth.js';

const s256 = (v: string) => createHash('sha256').update(v).digest('base64url');
const VERIFIER = 'a-verifier-of-at-least-forty-three-characters-0123456789';

eachBackend('OAuth endpoints refuse bad input as AWS does', (backend) => {
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  let p: OAuthPool;
  let pub: string;
  let conf: { clientId: string; secret?: string };
  const clock = testClock();

  before(async () => {
    s = await startServer({ backend, now: clock.now });
    c = s.cognito();
    p = await oauthPool(s, c);
    pub = (await p.client({ ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] })).clientId;
    conf = await p.client({
      GenerateSecret: true,
      AllowedOAuthFlows: ['code', 'client_credentials'],
      AllowedOAuthScopes: ['openid', 'https://api.example.com/read'],
    });
    await p.user('ana', 'Passw0rd!long');
  });
  after(() => s.stop());

  /** A code for ana through the sign-in form. */
  const codeFor = async (clientId: string, extra: Record<string, string> = {}) => {
    const to = await new FormBrowser().signIn(
      authorizeUrl(p.base, { client_id: clientId, scope: 'openid', ...extra }),
      'ana',
      'Passw0rd!long',
    );
    const code = new URL(to).searchParams.get('code');
    assert.ok(code, to);
    return code;
  };

  test('authorize: an unknown client, a client without OAuth, an unregistered redirect URI: the error page, never a redirect there', async () => {
    const b = new FormBrowser();
    const unknown = await b.request(authorizeUrl(p.base, { client_id: 'nosuchclient1234567890abcd' }));
    assert.equal(unknown.status, 400);
    assert.match(unknown.text, /An error was encountered with the requested page/);
    assert.equal(unknown.location, undefined);

    const plain = await p.client({
      AllowedOAuthFlowsUserPoolClient: false,
      AllowedOAuthFlows: undefined,
      AllowedOAuthScopes: undefined,
    });
    const off = await b.request(authorizeUrl(p.base, { client_id: plain.clientId }));
    assert.equal(off.status, 400);
    assert.match(off.text, /Client is not enabled for OAuth2\.0 flows\./);

    const wrong = await b.request(authorizeUrl(p.base, { client_id: pub, redirect_uri: 'https://evil.example/cb' }));
    assert.equal(wrong.status, 302);
    const to = new URL(wrong.location!);
    assert.equal(`${to.origin}${to.pathname}`, `${p.base}/error`);
    assert.equal(to.searchParams.get('error'), 'redirect_mismatch');
    assert.equal(to.searchParams.get('client_id'), pub);
    const page = await b.request(wrong.location!);
    assert.equal(page.status, 400);
    assert.match(page.text, /not one of its registered callback URLs/);

    // A redirect URI differing only by a trailing slash is not the registered one.
    const slash = await b.request(authorizeUrl(p.base, { client_id: pub, redirect_uri: `${CALLBACK}/` }));
    assert.match(slash.location!, /error=redirect_mismatch/);
  });

  test('authorize: bad parameters of a known client go to its redirect URI with the error and the state', async () => {
    const b = new FormBrowser();
    const errorOf = async (params: Record<string, string>) => {
      const r = await b.request(authorizeUrl(p.base, { client_id: pub, state: 'st-1', ...params }));
      assert.equal(r.status, 302);
      const to = new URL(r.location!);
      assert.equal(`${to.origin}${to.pathname}`, CALLBACK);
      assert.equal(to.searchParams.get('state'), 'st-1');
      return to.searchParams.get('error');
    };
    assert.equal(await errorOf({ response_type: 'token' }), 'unauthorized_client');
    assert.equal(await errorOf({ response_type: 'id_token' }), 'unsupported_response_type');
    assert.equal(await errorOf({ response_type: '' }), 'invalid_request');
    assert.equal(await errorOf({ scope: 'openid https://api.example.com/write' }), 'invalid_scope');
    assert.equal(await errorOf({ scope: 'phone' }), 'invalid_scope');
    assert.equal(await errorOf({ code_challenge: 'abc', code_challenge_method: 'plain' }), 'invalid_request');
    assert.equal(await errorOf({ code_challenge: 'abc' }), 'invalid_request');
    assert.equal(await errorOf({ prompt: 'none' }), 'login_required');
  });

  test('token: a code is single use, bound to its client, redirect URI and verifier, and lives five minutes', async () => {
    const token = (form: Record<string, string>) => postForm(`${p.base}/oauth2/token`, form);
    const good = await codeFor(pub);
    const first = await token({ grant_type: 'authorization_code', client_id: pub, code: good, redirect_uri: CALLBACK });
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('cache-control'), 'no-store');
    const again = await token({ grant_type: 'authorization_code', client_id: pub, code: good, redirect_uri: CALLBACK });
    assert.deepEqual([again.status, again.body], [400, { error: 'invalid_grant' }]);

    const other = await codeFor(pub);
    const redirected = await token({
      grant_type: 'authorization_code',
      client_id: pub,
      code: other,
      redirect_uri: 'https://app.example.com/other',
    });
    assert.deepEqual([redirected.status, redirected.body], [400, { error: 'invalid_grant' }]);

    const pkce = await codeFor(pub, { code_challenge: s256(VERIFIER), code_challenge_method: 'S256' });
    const wrongVerifier = await token({
      grant_type: 'authorization_code',
      client_id: pub,
      code: pkce,
      redirect_uri: CALLBACK,
      code_verifier: `${VERIFIER}x`,
    });
    assert.deepEqual(wrongVerifier.body, { error: 'invalid_grant' });
    const noVerifier = await codeFor(pub, { code_challenge: s256(VERIFIER), code_challenge_method: 'S256' });
    assert.deepEqual(
      (await token({ grant_type: 'authorization_code', client_id: pub, code: noVerifier, redirect_uri: CALLBACK }))
        .body,
      {
        error: 'invalid_grant',
      },
    );

    const late = await codeFor(pub);
    clock.advance(5 * 60_000 + 1000);
    assert.deepEqual(
      (await token({ grant_type: 'authorization_code', client_id: pub, code: late, redirect_uri: CALLBACK })).body,
      {
        error: 'invalid_grant',
      },
    );

    const missing = await token({ grant_type: 'authorization_code', client_id: pub, redirect_uri: CALLBACK });
    assert.deepEqual([missing.status, missing.body], [400, { error: 'invalid_request' }]);
    assert.deepEqual((await token({ grant_type: 'password', client_id: pub })).body, {
      error: 'unsupported_grant_type',
    });
    assert.deepEqual((await token({ client_id: pub })).body, { error: 'invalid_request' });
    assert.deepEqual(
      (await token({ grant_type: 'refresh_token', client_id: pub, refresh_token: 'not-a-token' })).body,
      {
        error: 'invalid_grant',
      },
    );
    // Not a form: invalid_request.
    const json = await fetch(`${p.base}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    assert.deepEqual([json.status, await json.json()], [400, { error: 'invalid_request' }]);
  });

  test('token: client authentication: unknown client, wrong secret, a code of another client', async () => {
    const token = (form: Record<string, string>, basic?: { id: string; secret: string }) =>
      postForm(`${p.base}/oauth2/token`, form, basic);
    const cc = { grant_type: 'client_credentials', scope: 'https://api.example.com/read' };
    assert.deepEqual((await token(cc, { id: conf.clientId, secret: 'wrong' })).body, { error: 'invalid_client' });
    assert.deepEqual((await token({ ...cc, client_id: conf.clientId, client_secret: 'wrong' })).body, {
      error: 'invalid_client',
    });
    assert.deepEqual((await token({ ...cc, client_id: conf.clientId })).body, { error: 'invalid_client' });
    const unknown = await token(cc, { id: 'nosuchclient1234567890abcd', secret: 'x' });
    assert.deepEqual([unknown.status, unknown.body], [400, { error: 'invalid_client' }]);
    assert.deepEqual((await token({ ...cc, client_id: pub })).body, { error: 'unauthorized_client' });
    assert.deepEqual((await token({ ...cc, scope: 'openid' }, { id: conf.clientId, secret: conf.secret! })).body, {
      error: 'invalid_scope',
    });
    const ok = await token(cc, { id: conf.clientId, secret: conf.secret! });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));

    const theirs = await codeFor(pub);
    const stolen = await token(
      { grant_type: 'authorization_code', code: theirs, redirect_uri: CALLBACK },
      { id: conf.clientId, secret: conf.secret! },
    );
    assert.deepEqual(stolen.body, { error: 'invalid_grant' });
  });

  test('sign-in form: a forged or missing CSRF token and a tampered session cookie sign no one in', async () => {
    const b = new FormBrowser();
    const to = await b.request(authorizeUrl(p.base, { client_id: pub }));
    const login = await b.request(to.location!);
    assert.equal(login.status, 200);
    const action = FormBrowser.action(login.text);
    const forged = await b.request(action, {
      form: { _csrf: 'x'.repeat(43), username: 'ana', password: 'Passw0rd!long' },
    });
    assert.equal(forged.status, 403);
    assert.match(forged.text, /did not come from this page/);
    const bare = await b.request(action, { form: { username: 'ana', password: 'Passw0rd!long' } });
    assert.equal(bare.status, 403);
    assert.equal(b.cookies.has('cognito'), false);

    // Signed in, then the session cookie altered: authorize sends the browser to sign in again.
    await b.signIn(authorizeUrl(p.base, { client_id: pub }), 'ana', 'Passw0rd!long');
    assert.ok(b.cookies.has('cognito'));
    b.cookies.set('cognito', `${b.cookies.get('cognito')!.slice(0, -2)}AA`);
    const after = await b.request(authorizeUrl(p.base, { client_id: pub }));
    assert.match(after.location!, /\/login\?/);

    const wrong = await b.request(action, {
      form: { _csrf: b.cookies.get('XSRF-TOKEN')!, username: 'ana', password: 'nope' },
    });
    assert.equal(wrong.status, 400);
    assert.match(wrong.text, /Incorrect username or password\./);
    assert.doesNotMatch(wrong.text, /at \w+ \(/);
  });

  test('userInfo and revoke: an API sign-in token, a bad token, a JWT to revoke, a wrong secret', async () => {
    const api = await c.send(
      new InitiateAuthCommand({
        ClientId: pub,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'ana', PASSWORD: 'Passw0rd!long' },
      }),
    );
    const info = await fetch(`${p.base}/oauth2/userInfo`, {
      headers: { authorization: `Bearer ${api.AuthenticationResult!.AccessToken}` },
    });
    assert.equal(info.status, 401);
    assert.match(info.headers.get('www-authenticate')!, /^Bearer error="invalid_token"/);
    const none = await fetch(`${p.base}/oauth2/userInfo`);
    assert.equal(none.status, 400);
    assert.match(none.headers.get('www-authenticate')!, /invalid_request/);

    const revoke = (form: Record<string, string>, basic?: { id: string; secret: string }) =>
      postForm(`${p.base}/oauth2/revoke`, form, basic);
    const jwt = await revoke({ client_id: pub, token: api.AuthenticationResult!.AccessToken! });
    assert.deepEqual([jwt.status, jwt.body], [400, { error: 'unsupported_token_type' }]);
    assert.deepEqual((await revoke({ client_id: pub })).body, { error: 'invalid_request' });
    const unknown = await revoke({ client_id: pub, token: 'not-ours' });
    assert.equal(unknown.status, 200);
    const secretWrong = await revoke({ token: 'x' }, { id: conf.clientId, secret: 'wrong' });
    assert.deepEqual([secretWrong.status, secretWrong.body], [401, { error: 'invalid_client' }]);
  });

  test('logout: a logout_uri not registered is refused; an unknown domain is a 404 page', async () => {
    const b = new FormBrowser();
    const bad = await b.request(
      `${p.base}/logout?client_id=${pub}&logout_uri=${encodeURIComponent('https://evil.example/')}`,
    );
    assert.equal(bad.status, 400);
    assert.equal(bad.location, undefined);
    const missing = await b.request(`${s.url}/_cognate/domains/nosuchdomain.auth.us-east-1/oauth2/authorize`);
    assert.equal(missing.status, 404);
    assert.match(missing.headers.get('content-type')!, /text\/html/);
  });
});
