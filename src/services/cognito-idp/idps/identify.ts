// The ProviderUserIdentifierType of AdminLinkProviderForUser and AdminDisableProviderForUser read
// against the pool's IdPs, as the API reference describes them.
import type { ProviderUserIdentifierType } from '@aws-sdk/client-cognito-identity-provider';
import { InvalidParameterException } from '../../../generated/cognito-idp/errors.js';
import type { Db, Tx } from '../../../store/store.js';
import { SOCIAL } from './details.js';
import { findProvider, type IdentityProvider } from './store.js';
import type { Link } from './links.js';

export const COGNITO_SUBJECT = 'Cognito_Subject';
export const isCognito = (name: string | undefined) => name?.toLowerCase() === 'cognito';

/** The three members, which the model leaves optional; AWS's text for one missing is not on record: cognate's words. */
export function members(who: string, id: ProviderUserIdentifierType | undefined, needName = true) {
  if (!id?.ProviderName || !id.ProviderAttributeValue || (needName && !id.ProviderAttributeName))
    throw new InvalidParameterException(
      `${who} must have ProviderName, ProviderAttributeName and ProviderAttributeValue.`,
    );
  return {
    provider: id.ProviderName,
    attributeName: id.ProviderAttributeName ?? '',
    attributeValue: id.ProviderAttributeValue,
  };
}

/**
 * An external identity of one of the pool's IdPs. ProviderName "must match the name of a user pool
 * IdP"; the attribute is Cognito_Subject, the only one a social IdP takes, or, for OIDC and SAML, a
 * user pool attribute the IdP's mapping fills (API reference, AdminLinkProviderForUser). AWS's
 * texts for these refusals are not on record: the unknown IdP is said as CreateUserPoolClient says
 * it (recorded, idps/clients.ts), the rest in cognate's words.
 */
export async function externalIdentity(
  db: Db | Tx,
  poolId: string,
  l: Link,
): Promise<{ provider: IdentityProvider; link: Link }> {
  const provider = await findProvider(db, poolId, l.provider);
  if (!provider)
    throw new InvalidParameterException(`The provider ${l.provider} does not exist for User Pool ${poolId}.`);
  const mapped = !SOCIAL.has(provider.type) && Object.hasOwn(provider.attributeMapping, l.attributeName);
  if (l.attributeName !== COGNITO_SUBJECT && !mapped)
    throw new InvalidParameterException(
      SOCIAL.has(provider.type)
        ? `ProviderAttributeName must be ${COGNITO_SUBJECT} for ${provider.type}.`
        : `ProviderAttributeName must be ${COGNITO_SUBJECT} or an attribute mapped for ${provider.name}.`,
    );
  return { provider, link: l };
}
