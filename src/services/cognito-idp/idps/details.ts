// ProviderDetails per IdP type: the keys AWS requires, and the keys it fills in and shows in
// DescribeIdentityProvider. The documented create and describe forms of each type are in the API
// reference (CreateIdentityProvider, ProviderDetails); terraform-provider-aws's acceptance tests,
// which run against AWS, read the same derived keys back (identity_provider_test.go: a Google IdP
// created with client_id, client_secret and authorize_scopes describes with nine keys).
import { InvalidParameterException } from '../../../generated/cognito-idp/errors.js';

export type ProviderType = 'SAML' | 'OIDC' | 'Google' | 'Facebook' | 'LoginWithAmazon' | 'SignInWithApple';
export type Details = Record<string, string>;

export const SOCIAL: ReadonlySet<string> = new Set(['Google', 'Facebook', 'LoginWithAmazon', 'SignInWithApple']);

/** The keys AWS adds to a social IdP's details (API reference, "Describe response" of each type). */
function socialDefaults(type: ProviderType, given: Details): Details {
  switch (type) {
    case 'Google':
      return {
        attributes_url: 'https://people.googleapis.com/v1/people/me?personFields=',
        attributes_url_add_attributes: 'true',
        authorize_url: 'https://accounts.google.com/o/oauth2/v2/auth',
        oidc_issuer: 'https://accounts.google.com',
        token_request_method: 'POST',
        token_url: 'https://www.googleapis.com/oauth2/v4/token',
      };
    case 'Facebook': {
      // The Graph API version AWS uses when api_version is not given is not on record; the API
      // reference's example (v17.0) is used, and api_version itself is not added.
      const v = given.api_version || 'v17.0';
      return {
        attributes_url: `https://graph.facebook.com/${v}/me?fields=`,
        attributes_url_add_attributes: 'true',
        authorize_url: `https://www.facebook.com/${v}/dialog/oauth`,
        token_request_method: 'GET',
        token_url: `https://graph.facebook.com/${v}/oauth/access_token`,
      };
    }
    case 'LoginWithAmazon':
      return {
        attributes_url: 'https://api.amazon.com/user/profile',
        attributes_url_add_attributes: 'false',
        authorize_url: 'https://www.amazon.com/ap/oa',
        token_request_method: 'POST',
        token_url: 'https://api.amazon.com/auth/o2/token',
      };
    case 'SignInWithApple':
      return {
        attributes_url_add_attributes: 'false',
        authorize_url: 'https://appleid.apple.com/auth/authorize',
        oidc_issuer: 'https://appleid.apple.com',
        token_request_method: 'POST',
        token_url: 'https://appleid.apple.com/auth/token',
      };
    default:
      return {};
  }
}

const missing = (details: Details, keys: string[]) => keys.some((k) => !details[k]);

/**
 * The details of a social or OIDC IdP as AWS keeps them: required keys checked, derived keys
 * filled in (a given value of a derived key is replaced, as AWS's describe form shows only its own).
 * SAML is read by saml.ts, OIDC discovery by oidc.ts.
 */
export function socialOrOidcDetails(type: ProviderType, given: Details): Details {
  if (type === 'SignInWithApple') {
    // AWS's text is on record for the other social types (below); for Apple's keys it is not:
    // cognate's words, in the same form.
    if (missing(given, ['client_id', 'team_id', 'key_id', 'private_key', 'authorize_scopes']))
      throw new InvalidParameterException(
        'client_id, team_id, key_id, private_key and authorize_scopes are all required idp details',
      );
  } else if (SOCIAL.has(type)) {
    // Recorded: aws-amplify/amplify-cli#8266 (InvalidParameterException, a social IdP without them).
    if (missing(given, ['client_id', 'client_secret', 'authorize_scopes']))
      throw new InvalidParameterException('client_id, client_secret and authorize_scopes are all required idp details');
  } else if (type === 'OIDC') {
    // client_secret may be absent (a public OIDC client). Not on record: cognate's words.
    if (missing(given, ['client_id', 'attributes_request_method', 'oidc_issuer', 'authorize_scopes']))
      throw new InvalidParameterException(
        'client_id, attributes_request_method, oidc_issuer and authorize_scopes are all required idp details',
      );
    if (!['GET', 'POST'].includes(given.attributes_request_method))
      throw new InvalidParameterException('attributes_request_method must be GET or POST'); // cognate's words
    return { ...given, attributes_url_add_attributes: 'false' };
  }
  return { ...given, ...socialDefaults(type, given) };
}

/**
 * The AttributeMapping AWS keeps: the username of a social or OIDC user comes from the IdP's
 * subject claim unless mapped otherwise (terraform-provider-aws's Google test reads
 * `username = sub` back without configuring it; the claims per type are those the
 * AdminLinkProviderForUser reference names: Facebook id, Google sub, Login with Amazon user_id).
 * SAML gets none (the same tests read a SAML IdP's mapping back as given).
 */
export function attributeMapping(
  type: ProviderType,
  given: Record<string, string> | undefined,
): Record<string, string> {
  const subject: Partial<Record<ProviderType, string>> = {
    Google: 'sub',
    Facebook: 'id',
    LoginWithAmazon: 'user_id',
    SignInWithApple: 'sub',
    OIDC: 'sub',
  };
  const claim = subject[type];
  return claim && !given?.username ? { ...given, username: claim } : { ...given };
}

/** What DescribeIdentityProvider shows: Apple's private key is write-only (the reference's describe form omits it). */
export function shownDetails(type: string, details: Details): Details {
  if (type !== 'SignInWithApple') return details;
  const { private_key: _k, ...shown } = details;
  return shown;
}
