// SAML signing, encryption and single logout against the test IdP (./support/saml-idp.ts), through
// the AWS SDK and real HTTP on both backends: the SAML switches of ProviderDetails checked and
// shown as AWS shows them (ActiveEncryptionCertificate); AuthnRequests signed with the key whose
// certificate GetSigningCertificate answers (the IdP verifies the HTTP-Redirect signature and
// refuses an unsigned request); assertions encrypted to the IdP's ActiveEncryptionCertificate, and
// plain ones then refused; /logout through the IdP's SLO address and back by /saml2/logout to the
// app's sign-out URL; the IdP's own LogoutRequest ending the session it names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import {
  CreateIdentityProviderCommand,
  DescribeIdentityProviderCommand,
  GetSigningCertificateCommand,
  UpdateIdentityProviderCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { eachBackend, startServer, type TestServer } from './support/server.js';
import { CALLBACK, FormBrowser, SIGNED_OUT, authorizeUrl, oauthPool, type OAuthPool } from './support/oauth.js';
import { SamlIdp } from './support/saml-idp.js';
import { samlBrowser, skipWithoutChromium } from './support/saml-browser.js';

test("all at once in Chromium: a signed AuthnRequest, an encrypted assertion, /logout through the IdP's SLO page", {
  skip: skipWithoutChromium,
}, async (t) => {
  const { idp, appUrl, s, page } = await samlBrowser(t);
  const c = s.cognito();
  const p = await oauthPool(s, c);
  idp.audience = `urn:amazon:cognito:sp:${p.poolId}`;
  idp.spLogoutUrl = `${p.base}/saml2/logout`;
  idp.spCertificate = (await c.send(new GetSigningCertificateCommand({ UserPoolId: p.poolId }))).Certificate;
  idp.wantSignedRequests = true;
  const created = await c.send(
    new CreateIdentityProviderCommand({
      UserPoolId: p.poolId,
      ProviderName: 'Corp',
      ProviderType: 'SAML',
      ProviderDetails: {
        MetadataFile: idp.metadata(),
        RequestSigningAlgorithm: 'rsa-sha256',
        EncryptedResponses: 'true',
        IDPSignout: 'true',
      },
      AttributeMapping: { email: 'email' },
    }),
  );
  idp.encryptTo = created.IdentityProvider!.ProviderDetails!.ActiveEncryptionCertificate;
  const { clientId } = await p.client({
    CallbackURLs: [`${appUrl}/callback`],
    LogoutURLs: [`${appUrl}/bye`],
    SupportedIdentityProviders: ['COGNITO', 'Corp'],
  });
  await page.goto(
    authorizeUrl(p.base, {
      client_id: clientId,
      redirect_uri: `${appUrl}/callback`,
      identity_provider: 'Corp',
      scope: 'openid email',
      state: 's-1',
    }),
  );
  assert.ok(page.url().startsWith(`${idp.url}/sso?SAMLRequest=`), page.url());
  assert.equal(idp.authnRequests.at(-1), true, 'the IdP verified the AuthnRequest');
  await Promise.all([
    page.waitForURL((u) => u.href.startsWith(`${appUrl}/callback`)),
    page.click('button[type=submit]'),
  ]);
  assert.ok(new URL(page.url()).searchParams.get('code'));
  await page.goto(`${p.base}/logout?${new URLSearchParams({ client_id: clientId, logout_uri: `${appUrl}/bye` })}`);
  assert.ok(page.url().startsWith(`${idp.url}/slo?SAMLRequest=`), page.url());
  assert.equal(idp.logoutRequests.at(-1)?.verified, true, 'the IdP verified the LogoutRequest');
  await Promise.all([page.waitForURL(`${appUrl}/bye`), page.click('button[type=submit]')]);
  // Signed out here: the authorize endpoint shows the sign-in page again.
  await page.goto(authorizeUrl(p.base, { client_id: clientId, redirect_uri: `${appUrl}/callback`, scope: 'openid' }));
  assert.match(new URL(page.url()).pathname, /\/login$/);
});

eachBackend('SAML signing, encryption and single logout', (backend) => {
  let s: TestServer;
  let idp: SamlIdp;
  let p: OAuthPool;
  let clientId: string;
  test.before(async () => {
    idp = await SamlIdp.start();
    s = await startServer({ backend });
    p = await oauthPool(s, s.cognito());
    idp.audience = `urn:amazon:cognito:sp:${p.poolId}`;
    idp.spLogoutUrl = `${p.base}/saml2/logout`;
    idp.spCertificate = (
      await s.cognito().send(new GetSigningCertificateCommand({ UserPoolId: p.poolId }))
    ).Certificate;
    await s.cognito().send(
      new CreateIdentityProviderCommand({
        UserPoolId: p.poolId,
        ProviderName: 'Corp',
        ProviderType: 'SAML',
        ProviderDetails: { MetadataFile: idp.metadata() },
        AttributeMapping: { email: 'email' },
      }),
    );
    ({ clientId } = await p.client({ SupportedIdentityProviders: ['COGNITO', 'Corp'] }));
  });
  test.after(async () => {
    await s?.stop();
    idp?.server.close();
  });

  const details = async () =>
    (await s.cognito().send(new DescribeIdentityProviderCommand({ UserPoolId: p.poolId, ProviderName: 'Corp' })))
      .IdentityProvider!.ProviderDetails!;
  const configure = (more: Record<string, string>) =>
    s.cognito().send(
      new UpdateIdentityProviderCommand({
        UserPoolId: p.poolId,
        ProviderName: 'Corp',
        ProviderDetails: { MetadataFile: idp.metadata(), ...more },
      }),
    );
  const start = (b: FormBrowser) =>
    b.request(
      authorizeUrl(p.base, { client_id: clientId, identity_provider: 'Corp', scope: 'openid email', state: 'st' }),
    );

  /** The whole SP-initiated trip in one browser: authorize, the IdP's SSO page, its form post back. */
  async function signIn(b: FormBrowser) {
    const sso = await start(b);
    const page = await b.request(sso.location!);
    if (page.status !== 200) return { idpStatus: page.status, idpText: page.text };
    const back = await b.request(FormBrowser.action(page.text), {
      form: {
        SAMLResponse: FormBrowser.hidden(page.text, 'SAMLResponse')!,
        RelayState: FormBrowser.hidden(page.text, 'RelayState')!,
      },
    });
    return { idpStatus: page.status, location: back.location };
  }

  const errorOf = (location: string | undefined) => new URL(location!).searchParams.get('error_description') ?? '';

  test('the SAML switches: "true" or "false", RequestSigningAlgorithm rsa-sha256 only', async () => {
    for (const [key, value, said] of [
      ['IDPInit', 'yes', /^IDPInit must be true or false$/],
      ['IDPSignout', 'TRUE', /^IDPSignout must be true or false$/],
      ['EncryptedResponses', '1', /^EncryptedResponses must be true or false$/],
      ['RequestSigningAlgorithm', 'rsa-sha1', /^RequestSigningAlgorithm must be rsa-sha256$/],
    ] as const) {
      await assert.rejects(
        configure({ [key]: value }),
        (e: Error) => e.name === 'InvalidParameterException' && said.test(e.message),
      );
      await assert.rejects(
        s.cognito().send(
          new CreateIdentityProviderCommand({
            UserPoolId: p.poolId,
            ProviderName: 'Other',
            ProviderType: 'SAML',
            ProviderDetails: { MetadataFile: idp.metadata(), [key]: value },
          }),
        ),
        (e: Error) => e.name === 'InvalidParameterException' && said.test(e.message),
      );
    }
    await assert.rejects(
      s.cognito().send(new DescribeIdentityProviderCommand({ UserPoolId: p.poolId, ProviderName: 'Other' })),
      { name: 'ResourceNotFoundException' },
    );
  });

  test('EncryptedResponses "true" shows the IdP\'s ActiveEncryptionCertificate, kept across updates', async () => {
    assert.equal((await details()).ActiveEncryptionCertificate, undefined);
    await configure({ EncryptedResponses: 'true' });
    const shown = await details();
    const certificate = shown.ActiveEncryptionCertificate!;
    const x509 = new X509Certificate(Buffer.from(certificate, 'base64'));
    assert.equal(x509.publicKey.asymmetricKeyDetails?.modulusLength, 2048);
    assert.notEqual(certificate, idp.spCertificate, 'its own key, not the pool signing key');
    assert.equal(shown.SLORedirectBindingURI, `${idp.url}/slo`);
    // A given ActiveEncryptionCertificate is not taken; the IdP's own stays.
    await configure({ EncryptedResponses: 'true', ActiveEncryptionCertificate: 'MIIB' });
    assert.equal((await details()).ActiveEncryptionCertificate, certificate);
    await configure({ EncryptedResponses: 'false' });
    assert.equal((await details()).ActiveEncryptionCertificate, undefined);
    await configure({ EncryptedResponses: 'true' });
    assert.equal((await details()).ActiveEncryptionCertificate, certificate);
    await configure({});
  });

  test("RequestSigningAlgorithm rsa-sha256: the IdP verifies the AuthnRequest with GetSigningCertificate's certificate", async () => {
    idp.wantSignedRequests = true;
    try {
      // Unsigned: this IdP refuses it, as one with WantAuthnRequestsSigned does.
      const unsigned = await signIn(new FormBrowser());
      assert.equal(unsigned.idpStatus, 403);
      assert.equal(idp.authnRequests.at(-1), false);
      await configure({ RequestSigningAlgorithm: 'rsa-sha256' });
      assert.equal((await details()).RequestSigningAlgorithm, 'rsa-sha256');
      const b = new FormBrowser();
      const sso = new URL((await start(b)).location!);
      assert.equal(sso.searchParams.get('SigAlg'), 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
      assert.ok(sso.searchParams.get('Signature'));
      const signed = await signIn(new FormBrowser());
      assert.equal(idp.authnRequests.at(-1), true);
      assert.ok(signed.location?.startsWith(`${CALLBACK}?code=`), signed.location ?? signed.idpText);
      // The same request with its RelayState altered no longer verifies.
      const tampered = new URL(sso);
      tampered.searchParams.set('RelayState', `${sso.searchParams.get('RelayState')}x`);
      assert.equal((await b.request(tampered.href)).status, 403);
    } finally {
      idp.wantSignedRequests = false;
      await configure({});
    }
  });

  test('EncryptedResponses "true": an assertion encrypted to the IdP\'s certificate signs in, a plain one is refused', async () => {
    await configure({ EncryptedResponses: 'true' });
    idp.encryptTo = (await details()).ActiveEncryptionCertificate;
    try {
      const ok = await signIn(new FormBrowser());
      assert.ok(ok.location?.startsWith(`${CALLBACK}?code=`), ok.location);
      // Plain: refused with invalid_request to the app.
      idp.encryptTo = undefined;
      const plain = await signIn(new FormBrowser());
      assert.match(errorOf(plain.location), /^Error in SAML response processing: the assertion is not encrypted/);
      // Encrypted to another certificate (the pool's signing one): cognate cannot read it.
      idp.encryptTo = idp.spCertificate;
      const foreign = await signIn(new FormBrowser());
      assert.match(errorOf(foreign.location), /^Error in SAML response processing: /);
      assert.ok(!foreign.location?.includes('code='));
    } finally {
      idp.encryptTo = undefined;
      await configure({});
    }
  });

  const hasSession = async (b: FormBrowser) => {
    const again = await b.request(authorizeUrl(p.base, { client_id: clientId, scope: 'openid', state: 'again' }));
    return again.location?.startsWith(`${CALLBACK}?code=`) === true;
  };
  const logout = (b: FormBrowser) =>
    b.request(`${p.base}/logout?${new URLSearchParams({ client_id: clientId, logout_uri: SIGNED_OUT })}`);

  test('IDPSignout "true": /logout sends a signed LogoutRequest to the SLO address; its LogoutResponse ends at logout_uri', async () => {
    // Without IDPSignout: /logout goes straight to the app.
    const plain = new FormBrowser();
    await signIn(plain);
    assert.equal((await logout(plain)).location, SIGNED_OUT);

    await configure({ IDPSignout: 'true' });
    const b = new FormBrowser();
    const signedIn = await signIn(b);
    assert.ok(signedIn.location?.startsWith(`${CALLBACK}?code=`));
    assert.ok(await hasSession(b));
    const out = await logout(b);
    const slo = new URL(out.location!);
    assert.equal(`${slo.origin}${slo.pathname}`, `${idp.url}/slo`);
    assert.equal(slo.searchParams.get('SigAlg'), 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
    // The session has ended here already.
    assert.equal(await hasSession(b), false);
    const page = await b.request(slo.href);
    const seen = idp.logoutRequests.at(-1)!;
    assert.equal(seen.verified, true, 'signed with the pool signing key');
    assert.equal(seen.nameId, idp.person.nameId);
    assert.equal(seen.sessionIndex, '_s1');
    assert.equal(seen.issuer, `urn:amazon:cognito:sp:${p.poolId}`);
    const form = {
      SAMLResponse: FormBrowser.hidden(page.text, 'SAMLResponse')!,
      RelayState: FormBrowser.hidden(page.text, 'RelayState')!,
    };
    const back = await b.request(FormBrowser.action(page.text), { form });
    assert.equal(back.status, 302);
    assert.equal(back.location, SIGNED_OUT);
    // Once only.
    assert.equal((await b.request(idp.spLogoutUrl, { form })).status, 400);

    // A LogoutResponse signed by another key, or answering another request: refused.
    const c = new FormBrowser();
    await signIn(c);
    const relay = new URL((await logout(c)).location!).searchParams.get('RelayState')!;
    const id = idp.logoutRequests.length;
    const forged = await c.request(idp.spLogoutUrl, {
      form: { SAMLResponse: idp.logoutResponse('_not-that-request', idp.spLogoutUrl), RelayState: relay },
    });
    assert.equal(forged.status, 400);
    assert.match(forged.text, /could not be verified/);
    assert.equal(idp.logoutRequests.length, id, 'the browser never went to the IdP');
    // Answering the request, but signed by a key the IdP's metadata does not name.
    const e = new FormBrowser();
    await signIn(e);
    const slo2 = new URL((await logout(e)).location!);
    await e.request(slo2.href);
    const otherKey = await e.request(idp.spLogoutUrl, {
      form: {
        SAMLResponse: idp.logoutResponse(idp.logoutRequests.at(-1)!.id, idp.spLogoutUrl, true),
        RelayState: slo2.searchParams.get('RelayState')!,
      },
    });
    assert.equal(otherKey.status, 400);
    await configure({});
  });

  test("the IdP's own signed LogoutRequest ends the session it names and is answered with a signed LogoutResponse", async () => {
    const b = new FormBrowser();
    await signIn(b);
    // Not while IDPSignout is not "true".
    const early = await new FormBrowser().request(idp.spLogoutUrl, {
      form: { SAMLRequest: idp.logoutRequest({ nameId: idp.person.nameId, destination: idp.spLogoutUrl }) },
    });
    assert.equal(early.status, 400);
    await configure({ IDPSignout: 'true' });
    assert.ok(await hasSession(b));
    // Signed by another key: refused, the session stays.
    const forged = await new FormBrowser().request(idp.spLogoutUrl, {
      form: {
        SAMLRequest: idp.logoutRequest({ nameId: idp.person.nameId, destination: idp.spLogoutUrl, foreignKey: true }),
      },
    });
    assert.equal(forged.status, 400);
    assert.ok(await hasSession(b));
    // Another session index: not this session.
    await new FormBrowser().request(idp.spLogoutUrl, {
      form: {
        SAMLRequest: idp.logoutRequest({
          nameId: idp.person.nameId,
          sessionIndex: '_other',
          destination: idp.spLogoutUrl,
        }),
      },
    });
    assert.ok(await hasSession(b));
    const request = idp.logoutRequest({ nameId: idp.person.nameId, sessionIndex: '_s1', destination: idp.spLogoutUrl });
    const answered = await new FormBrowser().request(idp.spLogoutUrl, {
      form: { SAMLRequest: request, RelayState: 'r-1' },
    });
    assert.equal(answered.status, 302);
    const toIdp = new URL(answered.location!);
    assert.equal(`${toIdp.origin}${toIdp.pathname}`, `${idp.url}/slo`);
    assert.equal(toIdp.searchParams.get('RelayState'), 'r-1');
    await fetch(toIdp);
    const response = idp.logoutResponses.at(-1)!;
    assert.equal(response.verified, true);
    assert.equal(response.status, 'urn:oasis:names:tc:SAML:2.0:status:Success');
    assert.match(response.inResponseTo, /^_q/);
    assert.equal(await hasSession(b), false);
    await configure({});
  });
});
