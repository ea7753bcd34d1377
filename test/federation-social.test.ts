// Google and Facebook as AWS configures them, reached offline through --social-idp-url: a small
// HTTP server of the test answers at <url>/<host>/<path> as Google and Facebook would (Google's
// ID tokens signed with a key of the test, its JWKS; Facebook's token by GET and its Graph API).
// Then the refusals at the HTTP level: a tampered or replayed state, a state from another
// browser, an unknown provider, an ID token signed with another key, for another audience,
// expired, and the IdP's own error, each as the app or the person is told it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { AdminGetUserCommand, CreateIdentityProviderCommand } from '@aws-sdk/client-cognito-identity-provider';
import { eachBackend, startServer, type TestServer } from './support/server.js';
import { CALLBACK, FormBrowser, authorizeUrl, oauthPool, postForm, type OAuthPool } from './support/oauth.js';

interface Fake {
  url: string;
  server: Server;
  /** what the next ID token looks like */
  idToken: { key?: 'wrong'; aud?: string; exp?: number; sub: string };
  /** the nonce of the last authorize request */
  nonce?: string;
}

async function fakeSocial(): Promise<Fake> {
  const good = await generateKeyPair('RS256');
  const wrong = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(good.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const fake = { idToken: { sub: 'g-1' } } as Fake;
  fake.server = createServer(async (req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const json = (v: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(v));
    };
    if (u.pathname === '/accounts.google.com/o/oauth2/v2/auth' || u.pathname.endsWith('/dialog/oauth')) {
      // The person signs in at once: back to Cognito's idpresponse with a code.
      fake.nonce = u.searchParams.get('nonce') ?? undefined;
      const back = new URL(u.searchParams.get('redirect_uri')!);
      back.searchParams.set('code', 'code-1');
      back.searchParams.set('state', u.searchParams.get('state')!);
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (u.pathname === '/www.googleapis.com/oauth2/v3/certs') return json({ keys: [jwk] });
    if (u.pathname === '/www.googleapis.com/oauth2/v4/token') {
      const t = fake.idToken;
      const now = Math.floor(Date.now() / 1000);
      const id = await new SignJWT({ email: 'gina@gmail.example', email_verified: true, nonce: fake.nonce })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer('https://accounts.google.com')
        .setSubject(t.sub)
        .setAudience(t.aud ?? 'google-client')
        .setIssuedAt(now - 10)
        .setExpirationTime(t.exp ?? now + 3600)
        .sign(t.key === 'wrong' ? wrong.privateKey : good.privateKey);
      return json({ id_token: id, access_token: 'g-access', token_type: 'Bearer' });
    }
    if (u.pathname.startsWith('/graph.facebook.com/') && u.pathname.endsWith('/oauth/access_token'))
      return json({ access_token: 'fb-access', token_type: 'bearer' });
    if (u.pathname.startsWith('/graph.facebook.com/') && u.pathname.endsWith('/me')) {
      assert.equal(req.headers.authorization, 'Bearer fb-access');
      return json({ id: '1001', email: 'fred@facebook.example' });
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
  return fake;
}

/** Follows the trip: authorize → the IdP → idpresponse; returns idpresponse's answer. */
async function trip(b: FormBrowser, url: string) {
  const start = await b.request(url);
  assert.equal(start.status, 302, start.text);
  const atIdp = await b.request(start.location!);
  assert.equal(atIdp.status, 302);
  return { idpresponse: atIdp.location!, answer: await b.request(atIdp.location!) };
}

eachBackend('social identity providers, offline', (backend) => {
  let s: TestServer;
  let fake: Fake;
  let p: OAuthPool;
  let clientId: string;
  test.before(async () => {
    fake = await fakeSocial();
    s = await startServer({ backend, flags: { 'social-idp-url': fake.url } });
    const c = s.cognito();
    p = await oauthPool(s, c);
    await c.send(
      new CreateIdentityProviderCommand({
        UserPoolId: p.poolId,
        ProviderName: 'Google',
        ProviderType: 'Google',
        ProviderDetails: { client_id: 'google-client', client_secret: 'g-secret', authorize_scopes: 'openid email' },
        AttributeMapping: { email: 'email' },
      }),
    );
    await c.send(
      new CreateIdentityProviderCommand({
        UserPoolId: p.poolId,
        ProviderName: 'Facebook',
        ProviderType: 'Facebook',
        ProviderDetails: {
          client_id: 'fb-client',
          client_secret: 'fb-secret',
          authorize_scopes: 'public_profile,email',
        },
        AttributeMapping: { email: 'email' },
      }),
    );
    ({ clientId } = await p.client({ SupportedIdentityProviders: ['COGNITO', 'Google', 'Facebook'] }));
  });
  test.after(async () => {
    await s?.stop();
    fake?.server.close();
  });
  const start = (provider: string, extra: Record<string, string> = {}) =>
    authorizeUrl(p.base, {
      client_id: clientId,
      scope: 'openid email',
      identity_provider: provider,
      state: 'st',
      ...extra,
    });

  test('Google: the ID token checked, Google_<sub> created; Facebook: the Graph API read, Facebook_<id>', async () => {
    fake.idToken = { sub: 'g-1' };
    const { answer } = await trip(new FormBrowser(), start('Google'));
    assert.equal(answer.status, 302, answer.text);
    const back = new URL(answer.location!);
    assert.equal(`${back.origin}${back.pathname}`, CALLBACK);
    assert.equal(back.searchParams.get('state'), 'st');
    const tokens = await postForm(`${p.base}/oauth2/token`, {
      grant_type: 'authorization_code',
      client_id: clientId,
      code: back.searchParams.get('code')!,
      redirect_uri: CALLBACK,
    });
    const id = JSON.parse(Buffer.from(String(tokens.body.id_token).split('.')[1], 'base64url').toString());
    assert.equal(id['cognito:username'], 'Google_g-1');
    assert.equal(id.email, 'gina@gmail.example');
    assert.equal(id.identities[0].providerType, 'Google');

    const fb = await trip(new FormBrowser(), start('Facebook'));
    assert.ok(fb.answer.location?.startsWith(`${CALLBACK}?code=`), fb.answer.location);
    const user = await s.cognito().send(new AdminGetUserCommand({ UserPoolId: p.poolId, Username: 'Facebook_1001' }));
    assert.equal(user.UserStatus, 'EXTERNAL_PROVIDER');
    assert.equal(user.UserAttributes?.find((a) => a.Name === 'email')?.Value, 'fred@facebook.example');
  });

  test('a bad ID token (another key, another audience, expired) is told to the app as invalid_request', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const idToken of [
      { sub: 'g-2', key: 'wrong' as const },
      { sub: 'g-2', aud: 'someone-else' },
      { sub: 'g-2', exp: now - 600 },
    ]) {
      fake.idToken = idToken;
      const { answer } = await trip(new FormBrowser(), start('Google'));
      const back = new URL(answer.location!);
      assert.equal(back.searchParams.get('error'), 'invalid_request', JSON.stringify(idToken));
      assert.match(back.searchParams.get('error_description')!, /ID token is not valid/);
      assert.equal(back.searchParams.get('state'), 'st');
    }
    await assert.rejects(
      s.cognito().send(new AdminGetUserCommand({ UserPoolId: p.poolId, Username: 'Google_g-2' })),
      /User does not exist/,
    );
  });

  test('a tampered, replayed or foreign state is refused on the error page, never sent on', async () => {
    fake.idToken = { sub: 'g-3' };
    const b = new FormBrowser();
    const first = await b.request(start('Google'));
    const atIdp = await b.request(first.location!);
    const back = new URL(atIdp.location!);
    // Another browser (no binding cookie) with the same return: refused.
    const foreign = await new FormBrowser().request(back.toString());
    assert.equal(foreign.status, 400);
    assert.match(foreign.text, /not valid any more/);
    // Tampered.
    const tampered = new URL(back);
    tampered.searchParams.set('state', `${back.searchParams.get('state')!.slice(0, -4)}AAAA`);
    assert.equal((await b.request(tampered.toString())).status, 400);
    // The real one works once; again, it is refused.
    const ok = await b.request(back.toString());
    assert.equal(ok.status, 302);
    assert.ok(ok.location!.startsWith(`${CALLBACK}?code=`));
    const again = await b.request(back.toString());
    assert.equal(again.status, 400);
  });

  test("the IdP's own error goes on to the app; an unknown provider is refused before any trip", async () => {
    const b = new FormBrowser();
    const first = await b.request(start('Google'));
    const state = new URL(first.location!).searchParams.get('state')!;
    const denied = await b.request(
      `${p.base}/oauth2/idpresponse?error=access_denied&state=${encodeURIComponent(state)}`,
    );
    const back = new URL(denied.location!);
    assert.equal(back.searchParams.get('error'), 'access_denied');
    assert.equal(back.searchParams.get('state'), 'st');
    const unknown = await b.request(start('Nobody'));
    assert.equal(new URL(unknown.location!).searchParams.get('error'), 'invalid_request');
    const noIdentifier = await b.request(
      authorizeUrl(p.base, { client_id: clientId, idp_identifier: 'nothing.example', state: 'st' }),
    );
    assert.equal(new URL(noIdentifier.location!).searchParams.get('error'), 'invalid_request');
  });
});
