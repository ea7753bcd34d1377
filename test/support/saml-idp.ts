// A SAML identity provider for the federation tests: its metadata (entity id, signing
// certificate, an HTTP-Redirect SSO address), an SSO endpoint that reads Cognito's AuthnRequest
// and answers with an auto-posting form, and responses whose assertion xml-crypto signs (RSA-SHA256,
// exclusive c14n), with knobs to make them wrong: another key, another audience, expired.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inflateRawSync } from 'node:zlib';
import { SignedXml } from 'xml-crypto';
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
}

const iso = (ms: number) => new Date(ms).toISOString();
const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

export class SamlIdp {
  server!: Server;
  url!: string;
  entityId!: string;
  private cert!: SigningCertificate;
  private other!: SigningCertificate;
  /** who signs in at the SSO endpoint, and with what */
  person = { nameId: 'carol', attributes: { email: 'carol@corp.example' } as Record<string, string> };
  audience = '';

  static async start(): Promise<SamlIdp> {
    const idp = new SamlIdp();
    idp.cert = await makeSigningCertificate('test-idp', new Date(Date.now() - 60_000));
    idp.other = await makeSigningCertificate('someone-else', new Date(Date.now() - 60_000));
    idp.server = createServer((req, res) => {
      const u = new URL(req.url ?? '/', 'http://x');
      if (u.pathname !== '/sso') return res.writeHead(404).end();
      const request = inflateRawSync(Buffer.from(u.searchParams.get('SAMLRequest') ?? '', 'base64')).toString();
      const id = /\bID="([^"]+)"/.exec(request)?.[1];
      const acs = /AssertionConsumerServiceURL="([^"]+)"/.exec(request)?.[1] ?? '';
      const response = idp.response({ ...idp.person, audience: idp.audience, acs, inResponseTo: id });
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        `<form method="post" action="${escapeXml(acs)}"><input type="hidden" name="SAMLResponse" value="${response}"><input type="hidden" name="RelayState" value="${escapeXml(u.searchParams.get('RelayState') ?? '')}"><button type="submit">Continue to the app</button></form>`,
      );
    });
    await new Promise<void>((resolve) => idp.server.listen(0, '127.0.0.1', resolve));
    idp.url = `http://127.0.0.1:${(idp.server.address() as AddressInfo).port}`;
    idp.entityId = `${idp.url}/metadata`;
    return idp;
  }

  metadata(): string {
    return `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${this.entityId}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" WantAuthnRequestsSigned="false">
    <md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${this.cert.certificate}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${this.url}/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;
  }

  /** A Response, base64, its assertion signed. */
  response(o: AssertionOptions): string {
    const now = Date.now();
    const until = iso(now + (o.validForMs ?? 300_000));
    const inResponse = o.inResponseTo ? ` InResponseTo="${o.inResponseTo}"` : '';
    const attributes = Object.entries(o.attributes ?? {})
      .map(
        ([k, v]) =>
          `<saml:Attribute Name="${escapeXml(k)}"><saml:AttributeValue>${escapeXml(v)}</saml:AttributeValue></saml:Attribute>`,
      )
      .join('');
    const assertion = `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a${randomBytes(16).toString('hex')}" Version="2.0" IssueInstant="${iso(now)}"><saml:Issuer>${this.entityId}</saml:Issuer><saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">${escapeXml(o.nameId)}</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${until}" Recipient="${escapeXml(o.acs)}"${inResponse}/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="${iso(now - 60_000)}" NotOnOrAfter="${until}"><saml:AudienceRestriction><saml:Audience>${escapeXml(o.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AuthnStatement AuthnInstant="${iso(now)}" SessionIndex="_s1"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement><saml:AttributeStatement>${attributes}</saml:AttributeStatement></saml:Assertion>`;
    const xml = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r${randomBytes(16).toString('hex')}" Version="2.0" IssueInstant="${iso(now)}" Destination="${escapeXml(o.acs)}"${inResponse}><saml:Issuer>${this.entityId}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>${assertion}</samlp:Response>`;
    const key = o.foreignKey ? this.other : this.cert;
    const sig = new SignedXml({
      privateKey: key.privateKeyPem,
      signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
      canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
    });
    sig.addReference({
      xpath: "//*[local-name(.)='Assertion']",
      digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
      transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
    });
    sig.computeSignature(xml, {
      location: { reference: "//*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", action: 'after' },
    });
    return Buffer.from(sig.getSignedXml()).toString('base64');
  }
}
