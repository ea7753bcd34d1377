// Federation through a SAML IdP started in the test (./support/saml-idp.ts: metadata, an SSO
// endpoint, assertions signed with xml-crypto). SP-initiated in Chromium: the sign-in page's
// "Sign in with Corp" button, the AuthnRequest, the IdP's form post to /saml2/idpresponse, the app's
// code. Then at the HTTP level: IdP-initiated sign-in (RelayState with the authorize parameters,
// IDPInit "true"), and the refusals: another key's signature, another audience, an expired
// assertion, a replayed one, an unsolicited response to an IdP that does not allow them, a
// RelayState that names nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminGetUserCommand,
  CreateIdentityProviderCommand,
  UpdateIdentityProviderCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { eachBackend, startServer, type TestServer } from './support/server.js';
import { CALLBACK, FormBrowser, authorizeUrl, oauthPool, postForm, type OAuthPool } from './support/oauth.js';
import { SamlIdp } from './support/saml-idp.js';
import { samlBrowser, skipWithoutChromium } from './support/saml-browser.js';

async function samlPool(s: TestServer, idp: SamlIdp, callback = CALLBACK) {
  const c = s.cognito();
  const p = await oauthPool(s, c);
  idp.audience = `urn:amazon:cognito:sp:${p.poolId}`;
  await c.send(
    new CreateIdentityProviderCommand({
      UserPoolId: p.poolId,
      ProviderName: 'Corp',
      ProviderType: 'SAML',
      ProviderDetails: { MetadataFile: idp.metadata() },
      AttributeMapping: { email: 'email' },
      IdpIdentifiers: ['corp.example'],
    }),
  );
  const { clientId } = await p.client({ CallbackURLs: [callback], SupportedIdentityProviders: ['COGNITO', 'Corp'] });
  return { p, clientId };
}

const decode = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());

test('SP-initiated SAML sign-in in Chromium: the button, the AuthnRequest, the signed assertion, Corp_<NameID>', {
  skip: skipWithoutChromium,
}, async (t) => {
  const { idp, appUrl, s, page } = await samlBrowser(t);
  const callback = `${appUrl}/callback`;
  const { p, clientId } = await samlPool(s, idp, callback);
  await page.goto(
    authorizeUrl(p.base, { client_id: clientId, redirect_uri: callback, scope: 'openid email', state: 's-1' }),
  );
  await page.click('text=Sign in with Corp');
  assert.ok(page.url().startsWith(`${idp.url}/sso?SAMLRequest=`), page.url());
  await Promise.all([page.waitForURL((u) => u.href.startsWith(callback)), page.click('button[type=submit]')]);
  const back = new URL(page.url());
  assert.equal(back.searchParams.get('state'), 's-1');
  const tokens = await postForm(`${p.base}/oauth2/token`, {
    grant_type: 'authorization_code',
    client_id: clientId,
    code: back.searchParams.get('code')!,
    redirect_uri: callback,
  });
  const id = decode(String(tokens.body.id_token));
  assert.equal(id['cognito:username'], 'Corp_carol');
  assert.equal(id.email, 'carol@corp.example');
  assert.equal(id.identities[0].providerType, 'SAML');
});

eachBackend('SAML federation at the HTTP level', (backend) => {
  let s: TestServer;
  let idp: SamlIdp;
  let p: OAuthPool;
  let clientId: string;
  let acs: string;
  test.before(async () => {
    idp = await SamlIdp.start();
    s = await startServer({ backend });
    ({ p, clientId } = await samlPool(s, idp));
    acs = `${p.base}/saml2/idpresponse`;
  });
  test.after(async () => {
    await s?.stop();
    idp?.server.close();
  });

  /** The trip to the IdP: the RelayState and the AuthnRequest's id Cognito sent. */
  async function spInitiated(b: FormBrowser) {
    const start = await b.request(
      authorizeUrl(p.base, { client_id: clientId, idp_identifier: 'corp.example', scope: 'openid email', state: 'st' }),
    );
    const sso = new URL(start.location!);
    assert.equal(`${sso.origin}${sso.pathname}`, `${idp.url}/sso`, 'idp_identifier found the IdP');
    const { inflateRawSync } = await import('node:zlib');
    const request = inflateRawSync(Buffer.from(sso.searchParams.get('SAMLRequest')!, 'base64')).toString();
    assert.match(request, new RegExp(`<saml:Issuer[^>]*>urn:amazon:cognito:sp:${p.poolId}<`));
    return { relayState: sso.searchParams.get('RelayState')!, requestId: /\bID="([^"]+)"/.exec(request)![1] };
  }

  const post = (b: FormBrowser, SAMLResponse: string, RelayState: string) =>
    b.request(acs, { form: { SAMLResponse, RelayState } });

  const errorOf = (location: string | undefined) => {
    const u = new URL(location!);
    return { error: u.searchParams.get('error'), description: u.searchParams.get('error_description') ?? '' };
  };

  test('a signed response to the request signs in; the same assertion again is refused', async () => {
    const b = new FormBrowser();
    const { relayState, requestId } = await spInitiated(b);
    const response = await idp.response({
      nameId: 'dave',
      attributes: { email: 'dave@corp.example' },
      audience: idp.audience,
      acs,
      inResponseTo: requestId,
    });
    const ok = await post(b, response, relayState);
    assert.ok(ok.location?.startsWith(`${CALLBACK}?code=`), ok.location ?? ok.text);
    const user = await s.cognito().send(new AdminGetUserCommand({ UserPoolId: p.poolId, Username: 'Corp_dave' }));
    assert.equal(user.UserStatus, 'EXTERNAL_PROVIDER');
    // The same RelayState is spent.
    assert.equal((await post(b, response, relayState)).status, 400);
  });

  test('another key, another audience, an expired assertion, another request: invalid_request to the app', async () => {
    const cases: [Partial<Parameters<SamlIdp['response']>[0]>, RegExp][] = [
      [{ foreignKey: true }, /^Error in SAML response processing: SAML Assertion signature is invalid$/],
      [{ audience: 'urn:amazon:cognito:sp:us-east-1_other' }, /^Error in SAML response processing: .*audience/i],
      [{ validForMs: -60_000 }, /^Error in SAML response processing: .*(expired|subject confirmation)/i],
      [{ inResponseTo: '_not-this-request' }, /^Error in SAML response processing: .*InResponseTo/i],
    ];
    for (const [wrong, said] of cases) {
      const b = new FormBrowser();
      const { relayState, requestId } = await spInitiated(b);
      const response = await idp.response({
        nameId: 'eve',
        audience: idp.audience,
        acs,
        inResponseTo: requestId,
        ...wrong,
      });
      const answer = await post(b, response, relayState);
      assert.equal(answer.status, 302, answer.text);
      const e = errorOf(answer.location);
      assert.equal(e.error, 'invalid_request', JSON.stringify(wrong));
      assert.match(e.description, said);
    }
    await assert.rejects(
      s.cognito().send(new AdminGetUserCommand({ UserPoolId: p.poolId, Username: 'Corp_eve' })),
      /User does not exist/,
    );
  });

  test('IdP-initiated: refused until IDPInit is true, then RelayState names the authorize request', async () => {
    const relay = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: CALLBACK,
      identity_provider: 'Corp',
      scope: 'openid email',
    }).toString();
    const response = () => idp.response({ nameId: 'fay', audience: idp.audience, acs });
    const refused = await post(new FormBrowser(), await response(), relay);
    assert.equal(errorOf(refused.location).error, 'invalid_request');
    assert.match(errorOf(refused.location).description, /IdP-initiated/);
    await s.cognito().send(
      new UpdateIdentityProviderCommand({
        UserPoolId: p.poolId,
        ProviderName: 'Corp',
        ProviderDetails: { MetadataFile: idp.metadata(), IDPInit: 'true' },
      }),
    );
    const ok = await post(new FormBrowser(), await response(), relay);
    assert.ok(ok.location?.startsWith(`${CALLBACK}?code=`), ok.location ?? ok.text);
    // A RelayState that is neither cognate's nor an authorize request: the error page.
    const nothing = await post(new FormBrowser(), await response(), 'not-a-request');
    assert.equal(nothing.status, 400);
    assert.match(nothing.text, /Invalid relayState from identity provider/);
  });
});
