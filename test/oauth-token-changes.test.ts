// The token endpoint serves its client, secrets and resource servers from what it read before
// (src/store/kept.ts, pools/store.ts), so a change must show on the very next request, on every
// instance: two cognate servers on one store, each asked for a token before and after a change
// made through the other. A client's scopes and secrets, a resource server's scopes, and the client
// itself deleted.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddUserPoolClientSecretCommand,
  DeleteResourceServerCommand,
  DeleteUserPoolClientCommand,
  DeleteUserPoolClientSecretCommand,
  ListUserPoolClientSecretsCommand,
  UpdateResourceServerCommand,
  UpdateUserPoolClientCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { eachBackend, startServer, type TestServer } from './support/server.js';
import { authorizeUrl, CALLBACK, FormBrowser, oauthPool, postForm, type OAuthPool } from './support/oauth.js';

const READ = 'https://api.example.com/read';
const WRITE = 'https://api.example.com/write';
const scopeOf = (jwt: unknown) =>
  JSON.parse(Buffer.from(String(jwt).split('.')[1], 'base64url').toString('utf8')).scope as string;

eachBackend('token endpoint after a change made elsewhere', (backend) => {
  let s: TestServer;
  let other: TestServer;
  let c: CognitoIdentityProviderClient;
  let p: OAuthPool;
  /** the same domain on the second instance */
  let otherBase: string;

  before(async () => {
    s = await startServer({ backend });
    other = await startServer({ join: s });
    c = s.cognito();
    p = await oauthPool(s, c);
    otherBase = p.base.replace(s.url, other.url);
    await p.user('maria', 'Passw0rd!long');
  });
  after(async () => {
    await other.stop();
    await s.stop();
  });

  const machine = (pool = p) =>
    pool.client({
      ClientName: 'machine',
      GenerateSecret: true,
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthScopes: [READ, WRITE],
      CallbackURLs: undefined,
    });
  const token = (base: string, id: string, secret: string, scope?: string) =>
    postForm(`${base}/oauth2/token`, { grant_type: 'client_credentials', ...(scope ? { scope } : {}) }, { id, secret });

  test("a client's scopes changed: the next token on either instance has the new ones", async () => {
    const m = await machine();
    for (const base of [p.base, otherBase])
      assert.equal(scopeOf((await token(base, m.clientId, m.secret!)).body.access_token), `${READ} ${WRITE}`);
    await c.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: p.poolId,
        ClientId: m.clientId,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['client_credentials'],
        AllowedOAuthScopes: [WRITE],
      }),
    );
    for (const base of [otherBase, p.base]) {
      assert.equal(scopeOf((await token(base, m.clientId, m.secret!)).body.access_token), WRITE);
      assert.deepEqual((await token(base, m.clientId, m.secret!, READ)).body, { error: 'invalid_scope' });
    }
    // Flows off: unauthorized_client at once.
    await c.send(new UpdateUserPoolClientCommand({ UserPoolId: p.poolId, ClientId: m.clientId }));
    assert.deepEqual((await token(otherBase, m.clientId, m.secret!)).body, { error: 'unauthorized_client' });
  });

  test('a secret deleted: refused at once on either instance; the new one works', async () => {
    const m = await machine();
    assert.equal((await token(otherBase, m.clientId, m.secret!)).status, 200);
    const added = await c.send(new AddUserPoolClientSecretCommand({ UserPoolId: p.poolId, ClientId: m.clientId }));
    const fresh = added.ClientSecretDescriptor!;
    // While both are active, either works (the second instance learns of the new one at once).
    assert.equal((await token(otherBase, m.clientId, fresh.ClientSecretValue!)).status, 200);
    assert.equal((await token(otherBase, m.clientId, m.secret!)).status, 200);
    const listed = await c.send(new ListUserPoolClientSecretsCommand({ UserPoolId: p.poolId, ClientId: m.clientId }));
    const old = listed.ClientSecrets!.find((x) => x.ClientSecretId !== fresh.ClientSecretId)!;
    await c.send(
      new DeleteUserPoolClientSecretCommand({
        UserPoolId: p.poolId,
        ClientId: m.clientId,
        ClientSecretId: old.ClientSecretId,
      }),
    );
    for (const base of [otherBase, p.base]) {
      assert.deepEqual((await token(base, m.clientId, m.secret!)).body, { error: 'invalid_client' });
      assert.equal((await token(base, m.clientId, fresh.ClientSecretValue!)).status, 200);
    }
  });

  test("a resource server's scope removed, then the server deleted: no token carries them any more", async () => {
    // A pool of its own: its resource server is deleted at the end.
    const q = await oauthPool(s, c);
    const qOther = q.base.replace(s.url, other.url);
    const m = await machine(q);
    const web = await q.client({ ClientName: 'web', AllowedOAuthScopes: ['openid', WRITE] });
    for (const base of [q.base, qOther])
      assert.equal(scopeOf((await token(base, m.clientId, m.secret!)).body.access_token), `${READ} ${WRITE}`);
    await c.send(
      new UpdateResourceServerCommand({
        UserPoolId: q.poolId,
        Identifier: 'https://api.example.com',
        Name: 'api',
        Scopes: [{ ScopeName: 'read', ScopeDescription: 'read' }],
      }),
    );
    for (const base of [qOther, q.base]) {
      assert.equal(scopeOf((await token(base, m.clientId, m.secret!)).body.access_token), READ);
      assert.deepEqual((await token(base, m.clientId, m.secret!, WRITE)).body, { error: 'invalid_scope' });
    }
    // The code flow asks for it too: refused to the app, as any scope the client may not have.
    const b = new FormBrowser();
    const asked = await b.request(authorizeUrl(qOther, { client_id: web.clientId, scope: `openid ${WRITE}` }));
    assert.equal(asked.status, 302);
    const to = new URL(asked.location!);
    assert.equal(`${to.origin}${to.pathname}`, CALLBACK);
    assert.equal(to.searchParams.get('error'), 'invalid_scope');

    await c.send(new DeleteResourceServerCommand({ UserPoolId: q.poolId, Identifier: 'https://api.example.com' }));
    for (const base of [qOther, q.base]) {
      assert.deepEqual((await token(base, m.clientId, m.secret!)).body, { error: 'invalid_scope' });
      assert.deepEqual((await token(base, m.clientId, m.secret!, READ)).body, { error: 'invalid_scope' });
    }
  });

  test('a client deleted: invalid_client at once on either instance', async () => {
    const m = await machine();
    for (const base of [p.base, otherBase]) assert.equal((await token(base, m.clientId, m.secret!)).status, 200);
    await c.send(new DeleteUserPoolClientCommand({ UserPoolId: p.poolId, ClientId: m.clientId }));
    for (const base of [otherBase, p.base])
      assert.deepEqual((await token(base, m.clientId, m.secret!)).body, { error: 'invalid_client' });
  });
});
