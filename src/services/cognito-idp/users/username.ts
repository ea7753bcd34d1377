// What a new user's username is, given how the pool signs users in: a free username (with
// aliases that may not look like one), or an email / phone number that becomes an attribute while
// the username becomes the user's sub.
import { InvalidParameterException } from '../../../generated/cognito-idp/errors.js';
import type { Pool } from '../pools/store.js';

const LOOKS_LIKE_EMAIL = /^[^@\s]+@[^@\s]+$/;
const LOOKS_LIKE_PHONE = /^\+[0-9]+$/;

export function resolveUsername(
  pool: Pool,
  given: string,
  sub: string,
  attributes: Record<string, string>,
): { username: string; attributes: Record<string, string> } {
  const usernameAttrs = pool.config.UsernameAttributes ?? [];
  if (usernameAttrs.length) {
    const email = usernameAttrs.includes('email') && LOOKS_LIKE_EMAIL.test(given);
    const phone = usernameAttrs.includes('phone_number') && LOOKS_LIKE_PHONE.test(given);
    if (!email && !phone) {
      // AWS's texts, which apps compare verbatim (code search: `case 'Username should be an email.':`,
      // `case 'Username should be either an email or a phone number.':`).
      throw new InvalidParameterException(
        usernameAttrs.length === 2
          ? 'Username should be either an email or a phone number.'
          : usernameAttrs[0] === 'email'
            ? 'Username should be an email.'
            : 'Username should be a phone number.',
      );
    }
    return { username: sub, attributes: { ...attributes, [email ? 'email' : 'phone_number']: given } };
  }
  const aliases = pool.config.AliasAttributes ?? [];
  // AWS's text has a comma after "format" (amazon-archives/awsmobile-cli#178, 2018;
  // aws-amplify/amplify-js#8800, 2021). The phone_number one is not on record: cognate's words,
  // worded as the email one.
  if (aliases.includes('email') && LOOKS_LIKE_EMAIL.test(given)) {
    throw new InvalidParameterException(
      'Username cannot be of email format, since user pool is configured for email alias.',
    );
  }
  if (aliases.includes('phone_number') && LOOKS_LIKE_PHONE.test(given)) {
    throw new InvalidParameterException(
      'Username cannot be of phone number format, since user pool is configured for phone_number alias.',
    );
  }
  return { username: given, attributes };
}

/**
 * UsernameExistsException's text: about the email or phone number when that is the name users
 * sign in with (`given` is the Username of the request). SignUp's `User already exists` is recorded
 * (docs/reference/cognito-messaging-facts.md §4.4); AdminCreateUser's `User account already exists`
 * and `An account with the given phone_number already exists.` are texts client code compares
 * verbatim (code search), the email one is worded as the phone_number one.
 */
export function existsMessage(pool: Pool, given: string, base: string): string {
  if ((pool.config.UsernameAttributes ?? []).includes('phone_number') && LOOKS_LIKE_PHONE.test(given)) {
    return 'An account with the given phone_number already exists.';
  }
  const signInAttrs = [...(pool.config.UsernameAttributes ?? []), ...(pool.config.AliasAttributes ?? [])];
  return signInAttrs.includes('email') ? 'An account with the given email already exists.' : base;
}
