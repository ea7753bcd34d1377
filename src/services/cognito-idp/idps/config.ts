// What Create/UpdateIdentityProvider check and keep: the name against the type, the details per
// type (details.ts, saml.ts, oidc.ts; a SAML MetadataURL and OIDC discovery are fetched here,
// before any transaction opens), the attribute mapping against the pool's attributes.
import { InvalidParameterException } from '../../../generated/cognito-idp/errors.js';
import type { Pool } from '../pools/store.js';
import { SOCIAL, attributeMapping, socialOrOidcDetails, type Details, type ProviderType } from './details.js';
import { withDiscovery } from './oidc.js';
import { samlDetails } from './saml.js';

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

export async function providerDetails(type: ProviderType, given: Details): Promise<Details> {
  if (type === 'SAML') return samlDetails(given);
  const details = socialOrOidcDetails(type, given);
  return type === 'OIDC' ? withDiscovery(details) : details;
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
