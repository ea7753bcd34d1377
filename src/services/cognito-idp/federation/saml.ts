// cognate as the SAML service provider of a pool's SAML IdPs, through @node-saml/node-saml (the
// signature and every condition of the response are that library's checks, never cognate's own
// XML code). The SP's entity id and audience are `urn:amazon:cognito:sp:<poolId>`; its assertion
// consumer is the domain's `/saml2/idpresponse` (developer guide, "Adding SAML identity providers
// to a user pool"). The IdP's signing certificates and entity id come from its metadata
// (MetadataFile, or MetadataURL read now and kept for five minutes); "when your SAML IdP includes
// more than one signing certificate ..., your user pool determines that the SAML assertion is
// valid if it matches any certificate" (developer guide, "Things to know about SAML IdPs").
import { randomBytes } from 'node:crypto';
import { SAML, ValidateInResponseTo, type CacheProvider, type Profile } from '@node-saml/node-saml';
import type { Deps } from '../../context.js';
import type { IdentityProvider } from '../idps/store.js';
import { FederationError } from './oidc.js';

export const spEntityId = (poolId: string) => `urn:amazon:cognito:sp:${poolId}`;

const fetched = new Map<string, { at: number; xml: string }>();

async function metadataOf(deps: Deps, p: IdentityProvider): Promise<string> {
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

async function samlOf(deps: Deps, p: IdentityProvider, poolId: string, acs: string, expectedRequest?: string) {
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
  const saml = await samlOf(deps, p, poolId, acs, requestId);
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
): Promise<{ nameId: string; attributes: Record<string, unknown>; assertionId?: string; expiresAt?: number }> {
  const saml = await samlOf(deps, p, poolId, acs, requestId);
  let profile: Profile | null;
  try {
    ({ profile } = await saml.validatePostResponseAsync({ SAMLResponse: samlResponse }));
  } catch (e) {
    // "Error in SAML response processing: SAML Assertion signature is invalid" is AWS's words for
    // a bad signature (a Stack Overflow question, 72050391); the other reasons are the library's.
    const reason = (e as Error).message;
    const said = /signature/i.test(reason) ? 'SAML Assertion signature is invalid' : reason;
    throw new FederationError(`Error in SAML response processing: ${said}`);
  }
  if (!profile?.nameID) throw new FederationError('Error in SAML response processing: no NameID');
  const { issuer: _i, nameID, nameIDFormat: _f, sessionIndex: _s, ...rest } = profile;
  const attributes: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest)) if (typeof v !== 'function') attributes[k] = v;
  return {
    nameId: nameID,
    attributes,
    ...(typeof profile.ID === 'string' ? { assertionId: profile.ID } : {}),
  };
}
