// What Create/UpdateIdentityProvider check and keep: the name against the type, the details per
// type (details.ts, saml.ts, oidc.ts; a SAML MetadataURL and OIDC discovery are fetched here,
// before any transaction opens), the attribute mapping against the pool's attributes.
import { InvalidParameterException } from '../../../generated/cognito-idp/errors.js';
import type { Pool } from '../pools/store.js';
import { SOCIAL, attributeMapping, socialOrOidcDetails, type Details, type ProviderType } from './details.js';
import { withDiscovery } from './oidc.js';
import { samlDetails } from './saml.js';
import { newEncryptionKey, type SealedKey } from './saml-keys.js';

/**
 * A social IdP is named as its type: "Provider NameOfGP cannot be of type Google." (aws/aws-cli#3179,
 * InvalidParameterException). A SAML or OIDC IdP may not take a social type's name nor Cognito,
 * the name clients use for the pool's own users: that refusal's text is not on record, so it is
 * said in the recorded form.
 */
export function checkName(name: string, type: ProviderType): void {
  if (SOCIAL.has(type) ? name !== type : SOCIAL.has(name) || name.toLowerCase() === 'cognito')
    throw new InvalidParameterException(`Provider ${name} cannot be of type ${type}.`);
}

async function providerDetails(type: ProviderType, given: Details): Promise<Details> {
  if (type === 'SAML') return samlDetails(given);
  const details = socialOrOidcDetails(type, given);
  return type === 'OIDC' ? withDiscovery(details) : details;
}

/**
 * The details an IdP keeps, and a SAML IdP's encryption key: made the first time EncryptedResponses
 * is "true" and kept from then on (the IdP may still encrypt to it), shown as
 * ActiveEncryptionCertificate while EncryptedResponses is "true" (the API reference's describe form).
 */
export async function providerConfig(
  deps: { serverKey: Buffer; now: () => number },
  ids: { poolId: string; name: string; type: ProviderType },
  given: Details,
  kept?: SealedKey,
): Promise<{ details: Details; encryption?: SealedKey }> {
  const details = await providerDetails(ids.type, given);
  if (ids.type !== 'SAML' || details.EncryptedResponses !== 'true') return { details, encryption: kept };
  const encryption = kept ?? (await newEncryptionKey(deps.serverKey, ids.poolId, ids.name, deps.now()));
  return { details: { ...details, ActiveEncryptionCertificate: encryption.certificate }, encryption };
}

/**
 * The mapping as kept. Each key is an attribute of the pool (or username); AWS's text for another
 * is not on record: cognate's words.
 */
export function mapping(pool: Pool, type: ProviderType, given: Record<string, string> | undefined) {
  const names = new Set((pool.config.SchemaAttributes ?? []).map((a) => a.Name));
  for (const key of Object.keys(given ?? {}))
    if (key !== 'username' && !names.has(key))
      throw new InvalidParameterException(`Attribute mapping key ${key} is not an attribute of the user pool.`);
  return attributeMapping(type, given);
}
