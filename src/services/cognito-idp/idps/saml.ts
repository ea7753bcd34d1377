// A SAML IdP's details. AWS reads the IdP's metadata (MetadataFile, or MetadataURL fetched) and
// shows where it sends users: SSORedirectBindingURI, and SLORedirectBindingURI when the metadata
// has a redirect-binding logout service (API reference, CreateIdentityProvider's describe form;
// terraform-provider-aws's SAML test reads SSORedirectBindingURI back from a MetadataFile).
// cognate fetches a MetadataURL when it is reachable; when it is not (no network), the URL is kept
// without the derived keys, so an offline configuration still applies (docs/identity-providers.md).
// The switches IDPInit, IDPSignout and EncryptedResponses are "true" or "false"; the keys behind
// RequestSigningAlgorithm and EncryptedResponses (ActiveEncryptionCertificate) are saml-keys.ts's.
import { InvalidParameterException } from '../../../generated/cognito-idp/errors.js';
import type { Details } from './details.js';

const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';

/** The Location of the first `<…:element Binding="HTTP-Redirect">` of the metadata. */
function redirectLocation(xml: string, element: string): string | undefined {
  const tags = xml.matchAll(new RegExp(`<(?:[\\w.-]+:)?${element}\\b([^>]*)>`, 'g'));
  for (const [, attrs] of tags) {
    const attr = (name: string) => new RegExp(`\\b${name}\\s*=\\s*["']([^"']*)["']`).exec(attrs)?.[1];
    if (attr('Binding') === REDIRECT) return attr('Location')?.replaceAll('&amp;', '&');
  }
  return undefined;
}

/** The keys AWS derives from a metadata document. */
export function fromMetadata(xml: string): Details {
  // Seen by a user of a metadata file Cognito could not read (ory/mocksaml#103); not a raw response.
  if (!/<(?:[\w.-]+:)?EntityDescriptor\b/.test(xml))
    throw new InvalidParameterException('Unable to unmarshall metadata');
  const sso = redirectLocation(xml, 'SingleSignOnService');
  // Cognito's text for metadata without one, as a user quoted it (ssoready/dummyidp#10).
  if (!sso) throw new InvalidParameterException('No SingleSignOn Http redirect binding location found in metadata.');
  const slo = redirectLocation(xml, 'SingleLogoutService');
  return { SSORedirectBindingURI: sso, ...(slo ? { SLORedirectBindingURI: slo } : {}) };
}

/** The metadata at a URL, or undefined when the URL cannot be reached at all. */
async function fetchMetadata(url: string): Promise<string | undefined> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(5000), redirect: 'follow' });
  } catch {
    return undefined;
  }
  // Recorded (aws-solutions/aws-data-lake-solution#31, a 404 from the IdP).
  if (!res.ok)
    throw new InvalidParameterException(`Non-ok status code ${res.status} returned from remote metadata source ${url}`);
  return res.text();
}

/** The API reference's examples give them as "true"; "false" is their absence. */
const SWITCHES = ['IDPInit', 'IDPSignout', 'EncryptedResponses'];

const DERIVED = ['SSORedirectBindingURI', 'SLORedirectBindingURI', 'ActiveEncryptionCertificate'];

export async function samlDetails(given: Details): Promise<Details> {
  const { MetadataFile, MetadataURL } = given;
  // Recorded: hashicorp/terraform-provider-aws#4815.
  if (!MetadataFile && !MetadataURL)
    throw new InvalidParameterException('At least one of the MetadataURL or MetadataFile should be provided.');
  // "Only accepts rsa-sha256" (API reference, ProviderDetails); the refusal's text is cognate's.
  if (given.RequestSigningAlgorithm !== undefined && given.RequestSigningAlgorithm !== 'rsa-sha256')
    throw new InvalidParameterException('RequestSigningAlgorithm must be rsa-sha256');
  for (const key of SWITCHES)
    if (given[key] !== undefined && given[key] !== 'true' && given[key] !== 'false')
      throw new InvalidParameterException(`${key} must be true or false`); // cognate's words: AWS's are not on record
  const kept = Object.fromEntries(Object.entries(given).filter(([k]) => !DERIVED.includes(k)));
  const xml = MetadataFile ?? (await fetchMetadata(MetadataURL));
  return xml === undefined ? kept : { ...kept, ...fromMetadata(xml) };
}
