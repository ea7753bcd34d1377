// Google, Facebook, Login with Amazon and Sign in with Apple as AWS configures them, reached
// offline through --social-idp-url: a small HTTP server of the test answers at <url>/<host>/<path>
// as each would (Google's ID tokens signed with a key of the test, its JWKS; Facebook's token by
// GET and its Graph API; Amazon's token endpoint and profile API; Apple's form_post return, its
// client secret a JWT the server signs with the IdP's private key, checked here with the public
// half, and its ES256 ID tokens).
// Then the refusals at the HTTP level: a tampered or replayed state, a state from another
// browser, an unknown provider, an ID token signed with another key, for another audience,
// expired, and the IdP's own error, each as the app or the person is told it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportPKCS8, generateKeyPair, jwtVerify, SignJWT, type CryptoKey } from 'jose';
import {
  AdminGetUserCommand,
  CreateIdentityProviderCommand,
  UpdateIdentityProviderCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { eachBackend, startServer, type TestServer } from './support/server.js';
import { CALLBACK, FormBrowser, authorizeUrl, oauthPool, postForm, type OAuthPool } from './support/oauth.js';

interface Fake {
  url: string;
  server: Server;
  /** what the next ID token looks like */
  idToken: { key?: 'wrong'; aud?: string; exp?: number; sub: string };
  /** the nonce of the last authorize request */
  nonce?: string;
  /** the team's key for Sign in with Apple: the IdP holds the private half, Apple the public */
  appleTeamKey: { privateKey: CryptoKey; publicKey: CryptoKey };
  /** the last Apple client secret, as the fake read it */
  appleSecret?: { header: Record<string, unknown>; payload: Record<string, unknown> };
}

const formOf = async (req: import('node:http').IncomingMessage) => {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
};

async function fakeSocial(): Promise<Fake> {
  const good = await generateKeyPair('RS256');
  const wrong = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(good.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const apple = await generateKeyPair('ES256');
  const appleJwk = { ...(await exportJWK(apple.publicKey)), kid: 'apple-1', alg: 'ES256', use: 'sig' };
  const fake = { idToken: { sub: 'g-1' }, appleTeamKey: await generateKeyPair('ES256', { extractable: true }) } as Fake;
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
    if (u.pathname === '/www.amazon.com/ap/oa') {
      assert.equal(u.searchParams.get('scope'), 'profile postal_code');
      const back = new URL(u.searchParams.get('redirect_uri')!);
      back.searchParams.set('code', 'amzn-code');
      back.searchParams.set('state', u.searchParams.get('state')!);
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (u.pathname === '/api.amazon.com/auth/o2/token') {
      const form = await formOf(req);
      if (form.get('client_secret') !== 'amzn-secret' || form.get('code') !== 'amzn-code') {
        res.writeHead(400, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ error: 'invalid_grant' }));
      }
      return json({ access_token: 'Atza|amzn-access', token_type: 'bearer', expires_in: 3600 });
    }
    if (u.pathname === '/api.amazon.com/user/profile') {
      assert.equal(req.headers.authorization, 'Bearer Atza|amzn-access');
      return json({
        user_id: 'amzn1.account.AF1',
        name: 'Amy Amazon',
        email: 'amy@amazon.example',
        postal_code: '98109',
      });
    }
    if (u.pathname === '/appleid.apple.com/auth/authorize') {
      // Apple answers by a form the browser posts to the redirect URI (response_mode=form_post),
      // with the person's name only this first time, in `user`.
      assert.equal(u.searchParams.get('response_mode'), 'form_post');
      fake.nonce = u.searchParams.get('nonce') ?? undefined;
      const fields = {
        code: 'apple-code',
        state: u.searchParams.get('state')!,
        user: JSON.stringify({ name: { firstName: 'Ann', lastName: 'Apfel' }, email: 'ann@privaterelay.appleid.com' }),
      };
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end(
        `<form method="post" action="${u.searchParams.get('redirect_uri')}">${Object.entries(fields)
          .map(([k, v]) => `<input type="hidden" name="${k}" value="${encodeURIComponent(v)}">`)
          .join('')}</form>`,
      );
    }
    if (u.pathname === '/appleid.apple.com/auth/keys') return json({ keys: [appleJwk] });
    if (u.pathname === '/appleid.apple.com/auth/token') {
      const form = await formOf(req);
      // Apple's client secret: ES256, kid = the key id, iss = the team, sub = the client, aud = Apple.
      try {
        const { payload, protectedHeader } = await jwtVerify(
          form.get('client_secret') ?? '',
          fake.appleTeamKey.publicKey,
          {
            issuer: 'TEAM123456',
            subject: 'com.example.web',
            audience: 'https://appleid.apple.com',
            algorithms: ['ES256'],
          },
        );
        fake.appleSecret = { header: protectedHeader, payload };
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ error: 'invalid_client' }));
      }
      const now = Math.floor(Date.now() / 1000);
      const id = await new SignJWT({
        email: 'ann@privaterelay.appleid.com',
        email_verified: 'true',
        is_private_email: 'true',
        nonce: fake.nonce,
      })
        .setProtectedHeader({ alg: 'ES256', kid: 'apple-1' })
        .setIssuer('https://appleid.apple.com')
        .setSubject('001234.abcdef.0042')
        .setAudience('com.example.web')
        .setIssuedAt(now)
        .setExpirationTime(now + 600)
        .sign(apple.privateKey);
      return json({ access_token: 'apple-access', token_type: 'Bearer', expires_in: 3600, id_token: id });
    }
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
    p = await oauthPool(s, c, { Schema: [{ Name: 'postal', AttributeDataType: 'String', Mutable: true }] });
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
    await c.send(
      new CreateIdentityProviderCommand({
        UserPoolId: p.poolId,
        ProviderName: 'LoginWithAmazon',
        ProviderType: 'LoginWithAmazon',
        ProviderDetails: {
          client_id: 'amzn1.application-oa2-client.1',
          client_secret: 'amzn-secret',
          authorize_scopes: 'profile postal_code',
        },
        AttributeMapping: { email: 'email', name: 'name', 'custom:postal': 'postal_code' },
      }),
    );
    await c.send(
      new CreateIdentityProviderCommand({
        UserPoolId: p.poolId,
        ProviderName: 'SignInWithApple',
        ProviderType: 'SignInWithApple',
        ProviderDetails: {
          client_id: 'com.example.web',
          team_id: 'TEAM123456',
          key_id: 'KEY1234567',
          private_key: await exportPKCS8(fake.appleTeamKey.privateKey),
          authorize_scopes: 'email name',
        },
        AttributeMapping: {
          email: 'email',
          email_verified: 'email_verified',
          given_name: 'firstName',
          family_name: 'lastName',
        },
      }),
    );
    ({ clientId } = await p.client({
      SupportedIdentityProviders: ['COGNITO', 'Google', 'Facebook', 'LoginWithAmazon', 'SignInWithApple'],
    }));
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

  test('Login with Amazon: the profile API read with the access token, LoginWithAmazon_<user_id> created', async () => {
    const { answer } = await trip(new FormBrowser(), start('LoginWithAmazon'));
    assert.ok(answer.location?.startsWith(`${CALLBACK}?code=`), answer.location);
    const user = await s
      .cognito()
      .send(new AdminGetUserCommand({ UserPoolId: p.poolId, Username: 'LoginWithAmazon_amzn1.account.AF1' }));
    assert.equal(user.UserStatus, 'EXTERNAL_PROVIDER');
    const attr = (n: string) => user.UserAttributes?.find((a) => a.Name === n)?.Value;
    assert.equal(attr('email'), 'amy@amazon.example');
    assert.equal(attr('name'), 'Amy Amazon');
    assert.equal(attr('custom:postal'), '98109');
    assert.equal(JSON.parse(attr('identities')!)[0].providerType, 'LoginWithAmazon');
  });

  test('Sign in with Apple: form_post return, client secret signed with the team key, SignInWithApple_<sub>', async () => {
    const b = new FormBrowser();
    const first = await b.request(start('SignInWithApple'));
    assert.equal(first.status, 302);
    const atApple = await b.request(first.location!);
    assert.equal(atApple.status, 200);
    // The browser posts Apple's form: a cross-site POST, so without cognate's cookies (SameSite=Lax).
    const fields = Object.fromEntries(
      [...atApple.text.matchAll(/name="(\w+)" value="([^"]*)"/g)].map((m) => [m[1], decodeURIComponent(m[2])]),
    );
    const action = /action="([^"]+)"/.exec(atApple.text)![1];
    assert.equal(action, `${p.base}/oauth2/idpresponse`);
    const answer = await new FormBrowser().request(action, { form: fields });
    assert.equal(answer.status, 302, answer.text);
    assert.ok(answer.location?.startsWith(`${CALLBACK}?code=`), answer.location);
    assert.equal(new URL(answer.location!).searchParams.get('state'), 'st');
    assert.equal(fake.appleSecret?.header.kid, 'KEY1234567');
    assert.equal(fake.appleSecret?.header.alg, 'ES256');

    const user = await s
      .cognito()
      .send(new AdminGetUserCommand({ UserPoolId: p.poolId, Username: 'SignInWithApple_001234.abcdef.0042' }));
    const attr = (n: string) => user.UserAttributes?.find((a) => a.Name === n)?.Value;
    assert.equal(attr('email'), 'ann@privaterelay.appleid.com');
    assert.equal(attr('email_verified'), 'true');
    assert.equal(attr('given_name'), 'Ann');
    assert.equal(attr('family_name'), 'Apfel');

    // The same return again (a replayed form post) is refused.
    const again = await new FormBrowser().request(action, { form: fields });
    assert.equal(again.status, 400);
  });

  test('an Apple client secret signed with another key is refused by Apple: the app hears invalid_request', async (t) => {
    const other = await generateKeyPair('ES256', { extractable: true });
    const c = s.cognito();
    const details = async (key: CryptoKey) =>
      c.send(
        new UpdateIdentityProviderCommand({
          UserPoolId: p.poolId,
          ProviderName: 'SignInWithApple',
          ProviderDetails: {
            client_id: 'com.example.web',
            team_id: 'TEAM123456',
            key_id: 'KEY1234567',
            private_key: await exportPKCS8(key),
            authorize_scopes: 'email name',
          },
        }),
      );
    await details(other.privateKey);
    t.after(() => details(fake.appleTeamKey.privateKey));
    const b = new FormBrowser();
    const first = await b.request(start('SignInWithApple'));
    const atApple = await b.request(first.location!);
    const fields = Object.fromEntries(
      [...atApple.text.matchAll(/name="(\w+)" value="([^"]*)"/g)].map((m) => [m[1], decodeURIComponent(m[2])]),
    );
    const answer = await new FormBrowser().request(`${p.base}/oauth2/idpresponse`, { form: fields });
    const back = new URL(answer.location!);
    assert.equal(back.searchParams.get('error'), 'invalid_request');
    assert.match(back.searchParams.get('error_description')!, /invalid_client/);
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
