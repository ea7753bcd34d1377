// A SAML identity provider for the federation tests: its metadata (entity id, signing
// certificate, HTTP-Redirect SSO and SLO addresses), an SSO endpoint that reads Cognito's
// AuthnRequest (and, when told to, refuses one whose HTTP-Redirect signature the pool's signing
// certificate does not verify) and answers with an auto-posting form, and responses whose assertion
// xml-crypto signs (RSA-SHA256, exclusive c14n) and, when told to, xml-encryption encrypts to a
// certificate (AES-256-GCM, RSA-OAEP), with knobs to make them wrong: another key, another
// audience, expired. Its SLO endpoint takes Cognito's signed LogoutRequest (verified the same way)
// and answers with a signed LogoutResponse form-posted to the pool's /saml2/logout; it also makes
// its own signed LogoutRequests, as an IdP that signs a user out elsewhere does.
import { createPublicKey, createVerify, randomBytes, X509Certificate } from 'node:crypto';
import { createServer, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inflateRawSync } from 'node:zlib';
import { SignedXml } from 'xml-crypto';
import { encrypt } from 'xml-encryption';
import { makeSigningCertificate, type SigningCertificate } from '../../src/crypto/saml-certificate.js';

export interface AssertionOptions {
  nameId: string;
  attributes?: Record<string, string>;
  audience: string;
  acs: string;
  inResponseTo?: string;
  /** sign with a key the metadata does not name */
  foreignKey?: boolean;
  /** NotOnOrAfter this many ms from now (negative: expired) */
  validForMs?: number;
  /** encrypt the assertion to this certificate (base64 DER), as an IdP told to encrypt does */
  encryptTo?: string;
  sessionIndex?: string;
}

/** What the SLO endpoint saw of a LogoutRequest. */
export interface SeenLogoutRequest {
  id: string;
  nameId: string;
  sessionIndex?: string;
  issuer: string;
  /** whether the pool's signing certificate verified its HTTP-Redirect signature */
  verified: boolean;
}

const iso = (ms: number) => new Date(ms).toISOString();
const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
const pem = (der64: string) =>
  `-----BEGIN CERTIFICATE-----\n${der64.replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`;
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';

/** A redirect-binding message's signature checked as a receiver must: over the query's own octets. */
function redirectSignatureValid(rawQuery: string, certificate: string | undefined): boolean {
  if (!certificate) return false;
  const parts = new Map(rawQuery.split('&').map((p) => [p.slice(0, p.indexOf('=')), p] as const));
  const signature = parts.get('Signature');
  const alg = parts.get('SigAlg');
  if (!signature || !alg || decodeURIComponent(alg.slice('SigAlg='.length)) !== RSA_SHA256) return false;
  const message = ['SAMLRequest', 'SAMLResponse', 'RelayState', 'SigAlg']
    .map((k) => parts.get(k))
    .filter(Boolean)
    .join('&');
  const key = createPublicKey(
    new X509Certificate(Buffer.from(certificate, 'base64')).publicKey.export({ format: 'pem', type: 'spki' }),
  );
  return createVerify('RSA-SHA256')
    .update(message)
    .verify(key, decodeURIComponent(signature.slice('Signature='.length)), 'base64');
}

const autoPost = (res: ServerResponse, action: string, fields: Record<string, string>, button: string) => {
  res.writeHead(200, { 'content-type': 'text/html' });
  res.end(
    `<form method="post" action="${escapeXml(action)}">${Object.entries(fields)
      .map(([k, v]) => `<input type="hidden" name="${k}" value="${escapeXml(v)}">`)
      .join('')}<button type="submit">${button}</button></form>`,
  );
};

export class SamlIdp {
  server!: Server;
  url!: string;
  entityId!: string;
  private cert!: SigningCertificate;
  private other!: SigningCertificate;
  /** who signs in at the SSO endpoint, and with what */
  person = { nameId: 'carol', attributes: { email: 'carol@corp.example' } as Record<string, string> };
  audience = '';
  /** the pool's signing certificate (GetSigningCertificate), which verifies its requests */
  spCertificate?: string;
  /** refuse an AuthnRequest whose signature spCertificate does not verify (WantAuthnRequestsSigned) */
  wantSignedRequests = false;
  /** encrypt the SSO endpoint's assertions to this certificate */
  encryptTo?: string;
  /** where the pool takes LogoutResponses and LogoutRequests (its domain's /saml2/logout) */
  spLogoutUrl = '';
  /** whether each AuthnRequest the SSO endpoint took was signed as the pool's certificate verifies */
  readonly authnRequests: boolean[] = [];
  readonly logoutRequests: SeenLogoutRequest[] = [];
  /** the LogoutResponses the SLO endpoint took, and whether their signature verified */
  readonly logoutResponses: { inResponseTo: string; verified: boolean; status: string }[] = [];

  static async start(): Promise<SamlIdp> {
    const idp = new SamlIdp();
    idp.cert = await makeSigningCertificate('test-idp', new Date(Date.now() - 60_000));
    idp.other = await makeSigningCertificate('someone-else', new Date(Date.now() - 60_000));
    idp.server = createServer((req, res) => {
      idp.serve(req.url ?? '/', res).catch((e) => res.writeHead(500).end(String(e)));
    });
    await new Promise<void>((resolve) => idp.server.listen(0, '127.0.0.1', resolve));
    idp.url = `http://127.0.0.1:${(idp.server.address() as AddressInfo).port}`;
    idp.entityId = `${idp.url}/metadata`;
    return idp;
  }

  private async serve(path: string, res: ServerResponse) {
    const u = new URL(path, 'http://x');
    const rawQuery = path.includes('?') ? path.slice(path.indexOf('?') + 1) : '';
    const message = (name: string) => inflateRawSync(Buffer.from(u.searchParams.get(name) ?? '', 'base64')).toString();
    if (u.pathname === '/sso') {
      const signed = redirectSignatureValid(rawQuery, this.spCertificate);
      this.authnRequests.push(signed);
      if (this.wantSignedRequests && !signed)
        return res.writeHead(403).end('The AuthnRequest is not signed by the SP.');
      const request = message('SAMLRequest');
      const id = /\bID="([^"]+)"/.exec(request)?.[1];
      const acs = /AssertionConsumerServiceURL="([^"]+)"/.exec(request)?.[1] ?? '';
      const response = await this.response({
        ...this.person,
        audience: this.audience,
        acs,
        inResponseTo: id,
        encryptTo: this.encryptTo,
      });
      return autoPost(
        res,
        acs,
        { SAMLResponse: response, RelayState: u.searchParams.get('RelayState') ?? '' },
        'Continue to the app',
      );
    }
    if (u.pathname === '/slo' && u.searchParams.has('SAMLRequest')) {
      const request = message('SAMLRequest');
      const seen: SeenLogoutRequest = {
        id: /\bID="([^"]+)"/.exec(request)?.[1] ?? '',
        nameId: /<(?:\w+:)?NameID\b[^>]*>([^<]*)</.exec(request)?.[1] ?? '',
        sessionIndex: /<(?:\w+:)?SessionIndex\b[^>]*>([^<]*)</.exec(request)?.[1],
        issuer: /<(?:\w+:)?Issuer\b[^>]*>([^<]*)</.exec(request)?.[1] ?? '',
        verified: redirectSignatureValid(rawQuery, this.spCertificate),
      };
      this.logoutRequests.push(seen);
      if (!seen.verified) return res.writeHead(403).end('The LogoutRequest is not signed by the SP.');
      const response = this.logoutResponse(seen.id, this.spLogoutUrl);
      return autoPost(
        res,
        this.spLogoutUrl,
        { SAMLResponse: response, RelayState: u.searchParams.get('RelayState') ?? '' },
        'Continue',
      );
    }
    if (u.pathname === '/slo' && u.searchParams.has('SAMLResponse')) {
      const response = message('SAMLResponse');
      this.logoutResponses.push({
        inResponseTo: /\bInResponseTo="([^"]+)"/.exec(response)?.[1] ?? '',
        status: /<(?:\w+:)?StatusCode Value="([^"]+)"/.exec(response)?.[1] ?? '',
        verified: redirectSignatureValid(rawQuery, this.spCertificate),
      });
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<p>signed out</p>');
    }
    res.writeHead(404).end();
  }

  metadata(): string {
    return `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${this.entityId}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" WantAuthnRequestsSigned="${this.wantSignedRequests}">
    <md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${this.cert.certificate}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${this.url}/slo"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${this.url}/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;
  }

  /** `xml` with its `element` (by local name) signed enveloped, the signature after its Issuer. */
  private sign(xml: string, element: string, foreignKey = false): string {
    const sig = new SignedXml({
      privateKey: (foreignKey ? this.other : this.cert).privateKeyPem,
      signatureAlgorithm: RSA_SHA256,
      canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
    });
    sig.addReference({
      xpath: `//*[local-name(.)='${element}']`,
      digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
      transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
    });
    sig.computeSignature(xml, {
      location: { reference: `//*[local-name(.)='${element}']/*[local-name(.)='Issuer']`, action: 'after' },
    });
    return sig.getSignedXml();
  }

  /** A Response, base64, its assertion signed (and encrypted when asked). */
  async response(o: AssertionOptions): Promise<string> {
    const now = Date.now();
    const until = iso(now + (o.validForMs ?? 300_000));
    const inResponse = o.inResponseTo ? ` InResponseTo="${o.inResponseTo}"` : '';
    const attributes = Object.entries(o.attributes ?? {})
      .map(
        ([k, v]) =>
          `<saml:Attribute Name="${escapeXml(k)}"><saml:AttributeValue>${escapeXml(v)}</saml:AttributeValue></saml:Attribute>`,
      )
      .join('');
    const assertion = `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a${randomBytes(16).toString('hex')}" Version="2.0" IssueInstant="${iso(now)}"><saml:Issuer>${this.entityId}</saml:Issuer><saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">${escapeXml(o.nameId)}</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${until}" Recipient="${escapeXml(o.acs)}"${inResponse}/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="${iso(now - 60_000)}" NotOnOrAfter="${until}"><saml:AudienceRestriction><saml:Audience>${escapeXml(o.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AuthnStatement AuthnInstant="${iso(now)}" SessionIndex="${escapeXml(o.sessionIndex ?? '_s1')}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement><saml:AttributeStatement>${attributes}</saml:AttributeStatement></saml:Assertion>`;
    const signed = this.sign(assertion, 'Assertion', o.foreignKey);
    const carried = o.encryptTo ? await this.encrypted(signed, o.encryptTo) : signed;
    const xml = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r${randomBytes(16).toString('hex')}" Version="2.0" IssueInstant="${iso(now)}" Destination="${escapeXml(o.acs)}"${inResponse}><saml:Issuer>${this.entityId}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>${carried}</samlp:Response>`;
    return Buffer.from(xml).toString('base64');
  }

  /** A signed assertion as an EncryptedAssertion to `certificate` (base64 DER). */
  private encrypted(assertion: string, certificate: string): Promise<string> {
    const certPem = pem(certificate);
    const publicKey = new X509Certificate(certPem).publicKey.export({ format: 'pem', type: 'spki' });
    return new Promise((resolve, reject) =>
      encrypt(
        assertion,
        {
          rsa_pub: publicKey,
          pem: certPem,
          encryptionAlgorithm: 'http://www.w3.org/2009/xmlenc11#aes256-gcm',
          keyEncryptionAlgorithm: 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p',
          disallowEncryptionWithInsecureAlgorithm: true,
        },
        (err, data) =>
          err
            ? reject(err)
            : resolve(
                `<saml:EncryptedAssertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">${data}</saml:EncryptedAssertion>`,
              ),
      ),
    );
  }

  /** A signed LogoutResponse (Success) to the request `inResponseTo`, base64, for the POST binding. */
  logoutResponse(inResponseTo: string, destination: string, foreignKey = false): string {
    const xml = `<samlp:LogoutResponse xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_l${randomBytes(16).toString('hex')}" Version="2.0" IssueInstant="${iso(Date.now())}" Destination="${escapeXml(destination)}" InResponseTo="${escapeXml(inResponseTo)}"><saml:Issuer>${this.entityId}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status></samlp:LogoutResponse>`;
    return Buffer.from(this.sign(xml, 'LogoutResponse', foreignKey)).toString('base64');
  }

  /** The IdP's own signed LogoutRequest for `nameId` (one session when `sessionIndex`), base64, for the POST binding. */
  logoutRequest(o: { nameId: string; sessionIndex?: string; destination: string; foreignKey?: boolean }): string {
    const index = o.sessionIndex ? `<samlp:SessionIndex>${escapeXml(o.sessionIndex)}</samlp:SessionIndex>` : '';
    const xml = `<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_q${randomBytes(16).toString('hex')}" Version="2.0" IssueInstant="${iso(Date.now())}" Destination="${escapeXml(o.destination)}" NotOnOrAfter="${iso(Date.now() + 300_000)}"><saml:Issuer>${this.entityId}</saml:Issuer><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">${escapeXml(o.nameId)}</saml:NameID>${index}</samlp:LogoutRequest>`;
    return Buffer.from(this.sign(xml, 'LogoutRequest', o.foreignKey)).toString('base64');
  }
}
