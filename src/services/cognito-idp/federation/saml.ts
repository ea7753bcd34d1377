// cognate as the SAML service provider of a pool's SAML IdPs, through @node-saml/node-saml (the
// signature and every condition of the response are that library's checks, never cognate's own
// XML code). The SP's entity id and audience are `urn:amazon:cognito:sp:<poolId>`; its assertion
// consumer is the domain's `/saml2/idpresponse` (developer guide, "Adding SAML identity providers
// to a user pool"). The IdP's signing certificates and entity id come from its metadata
// (MetadataFile, or MetadataURL read now and kept for five minutes); "when your SAML IdP includes
// more than one signing certificate ..., your user pool determines that the SAML assertion is
// valid if it matches any certificate" (developer guide, "Things to know about SAML IdPs").
// With RequestSigningAlgorithm "rsa-sha256" the AuthnRequest is signed with the pool's signing key
// (the HTTP-Redirect binding's SigAlg and Signature); an IdP's own encryption key decrypts its
// EncryptedAssertion, and with EncryptedResponses "true" nothing else is taken (developer guide,
// "SAML signing and encryption"). Single logout is ./saml-logout.ts.
import { randomBytes } from 'node:crypto';
import { SAML, ValidateInResponseTo, type CacheProvider, type Profile } from '@node-saml/node-saml';
import { parseDomFromString, xpath } from '@node-saml/node-saml/lib/xml.js';
import type { Deps } from '../../context.js';
import type { IdentityProvider } from '../idps/store.js';
import { encryptionPrivateKey, poolSigningKey } from '../idps/saml-keys.js';
import { FederationError } from './oidc.js';

export const spEntityId = (poolId: string) => `urn:amazon:cognito:sp:${poolId}`;

const fetched = new Map<string, { at: number; xml: string }>();

export async function metadataOf(deps: Deps, p: IdentityProvider): Promise<string> {
  if (p.details.MetadataFile) return p.details.MetadataFile;
  const url = p.details.MetadataURL;
  const kept = fetched.get(url);
  if (kept && deps.now() - kept.at < 5 * 60_000) return kept.xml;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    if (!res.ok) throw new Error(`status ${res.status}`);
    const xml = await res.text();
    fetched.set(url, { at: deps.now(), xml });
    return xml;
  } catch (e) {
    throw new FederationError(`The identity provider's metadata could not be read (${(e as Error).message}).`);
  }
}

/** The IdP's entity id and its signing certificates (KeyDescriptors of use "signing" or of no use). */
export function idpKeys(xml: string): { entityId?: string; certs: string[] } {
  const entityId = /<(?:[\w.-]+:)?EntityDescriptor\b[^>]*\bentityID\s*=\s*["']([^"']+)["']/.exec(xml)?.[1];
  const certs: string[] = [];
  for (const m of xml.matchAll(/<(?:[\w.-]+:)?KeyDescriptor\b([^>]*)>([\s\S]*?)<\/(?:[\w.-]+:)?KeyDescriptor>/g)) {
    const use = /\buse\s*=\s*["']([^"']+)["']/.exec(m[1])?.[1];
    if (use && use !== 'signing') continue;
    const cert = /<(?:[\w.-]+:)?X509Certificate>([^<]+)</.exec(m[2])?.[1];
    if (cert) certs.push(cert.replace(/\s+/g, ''));
  }
  return { entityId, certs };
}

/** One exchange with an IdP: where its answers come back, the request they answer, whether cognate signs. */
export interface SamlCall {
  /** the assertion consumer (or, for logout, the domain's /saml2/logout) */
  acs: string;
  expectedRequest?: string;
  sign?: boolean;
}

/** The library set up for one exchange with one IdP of a pool. */
export async function samlOf(deps: Deps, p: IdentityProvider, poolId: string, call: SamlCall) {
  const { acs, expectedRequest } = call;
  const { entityId, certs } = idpKeys(await metadataOf(deps, p));
  if (!certs.length) throw new FederationError("The identity provider's metadata has no signing certificate.");
  // InResponseTo is checked against the request this browser's RelayState names, on any instance.
  const cache: CacheProvider = {
    saveAsync: async () => null,
    // The library reads the value as when the request was made; the sealed state keeps the real expiry.
    getAsync: async (key) => (key === expectedRequest ? new Date().toISOString() : null),
    removeAsync: async (key) => key,
  };
  return new SAML({
    idpCert: certs,
    issuer: spEntityId(poolId),
    audience: spEntityId(poolId),
    callbackUrl: acs,
    entryPoint: p.details.SSORedirectBindingURI,
    ...(p.details.SLORedirectBindingURI ? { logoutUrl: p.details.SLORedirectBindingURI, logoutCallbackUrl: acs } : {}),
    ...(call.sign
      ? { privateKey: (await poolSigningKey(deps, poolId)).privateKeyPem, signatureAlgorithm: 'sha256' as const }
      : {}),
    // An IdP that kept its key may encrypt whatever EncryptedResponses says; "true" also refuses plain ones.
    ...(p.encryption ? { decryptionPvk: encryptionPrivateKey(deps.serverKey, p.encryption) } : {}),
    ...(entityId ? { idpIssuer: entityId } : {}),
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: false,
    identifierFormat: null,
    disableRequestedAuthnContext: true,
    // cognate's choice: AWS's tolerance for clocks apart is not on record.
    acceptedClockSkewMs: 60_000,
    validateInResponseTo: expectedRequest ? ValidateInResponseTo.always : ValidateInResponseTo.never,
    cacheProvider: cache,
    generateUniqueId: () => expectedRequest ?? `_${randomBytes(20).toString('hex')}`,
  });
}

/** A new AuthnRequest id (kept in the RelayState). */
export const newRequestId = () => `_${randomBytes(20).toString('hex')}`;

/** Where the browser goes to sign in at the IdP: its SSO URL with the AuthnRequest (HTTP-Redirect binding). */
export async function authnRequestUrl(
  deps: Deps,
  p: IdentityProvider,
  poolId: string,
  acs: string,
  requestId: string,
  relayState: string,
): Promise<string> {
  if (!p.details.SSORedirectBindingURI)
    throw new FederationError("The identity provider's metadata names no single sign-on address.");
  const sign = p.details.RequestSigningAlgorithm === 'rsa-sha256';
  const saml = await samlOf(deps, p, poolId, { acs, expectedRequest: requestId, sign });
  return saml.getAuthorizeUrlAsync(relayState, undefined, {});
}

/** The person the IdP's response names: their NameID and attributes, once the library accepts it. */
export async function samlAssertion(
  deps: Deps,
  p: IdentityProvider,
  poolId: string,
  acs: string,
  samlResponse: string,
  requestId: string | undefined,
): Promise<SamlAssertion> {
  const saml = await samlOf(deps, p, poolId, { acs, expectedRequest: requestId });
  let profile: Profile | null;
  try {
    ({ profile } = await saml.validatePostResponseAsync({ SAMLResponse: samlResponse }));
    // The library decrypts an EncryptedAssertion but takes a plain one too: the IdP's switch says no.
    // AWS's words for it are not on record: cognate's.
    if (p.details.EncryptedResponses === 'true' && (await plainAssertions(samlResponse)) > 0)
      throw new Error('the assertion is not encrypted, and this identity provider must encrypt it');
  } catch (e) {
    // "Error in SAML response processing: SAML Assertion signature is invalid" is AWS's words for
    // a bad signature (a Stack Overflow question, 72050391); the other reasons are the library's.
    const reason = (e as Error).message;
    const said = /signature/i.test(reason) ? 'SAML Assertion signature is invalid' : reason;
    throw new FederationError(`Error in SAML response processing: ${said}`);
  }
  if (!profile?.nameID) throw new FederationError('Error in SAML response processing: no NameID');
  const { issuer: _i, nameID, nameIDFormat, sessionIndex, ...rest } = profile;
  const attributes: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest)) if (typeof v !== 'function') attributes[k] = v;
  return {
    nameId: nameID,
    attributes,
    ...(typeof profile.ID === 'string' ? { assertionId: profile.ID } : {}),
    ...(nameIDFormat ? { nameIdFormat: nameIDFormat } : {}),
    ...(sessionIndex ? { sessionIndex } : {}),
  };
}

export interface SamlAssertion {
  nameId: string;
  attributes: Record<string, unknown>;
  assertionId?: string;
  nameIdFormat?: string;
  /** the AuthnStatement's SessionIndex, which a LogoutRequest names again */
  sessionIndex?: string;
}

/** A SAML message's document, as the library reads it. */
export const samlDocument = (base64: string) => parseDomFromString(Buffer.from(base64, 'base64').toString('utf8'));

/** How many unencrypted assertions a Response carries (the library reads the same path). */
async function plainAssertions(samlResponse: string): Promise<number> {
  const doc = await samlDocument(samlResponse);
  return xpath.selectElements(doc, "/*[local-name()='Response']/*[local-name()='Assertion']").length;
}
