// The pool's password policy, with Cognito's InvalidPasswordException texts.
import { InvalidPasswordException } from '../../../generated/cognito-idp/errors.js';
import type { Pool } from '../pools/store.js';

// Cognito's symbol set (developer guide, "user pool password requirements").
const SYMBOLS = /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/;

/**
 * AdminCreateUser words it "did not conform with password policy", the self-service operations
 * "did not conform with policy" (both recorded; docs/reference/aws-recorded.md §4.2). One rule is
 * reported per call.
 */
export function checkPassword(pool: Pool, password: string, wording: 'policy' | 'password policy' = 'policy'): void {
  const p = pool.config.Policies?.PasswordPolicy ?? {};
  const fail = (why: string) => {
    throw new InvalidPasswordException(`Password did not conform with ${wording}: ${why}`);
  };
  if (password.length < (p.MinimumLength ?? 8)) fail('Password not long enough');
  if (p.RequireLowercase && !/\p{Ll}/u.test(password)) fail('Password must have lowercase characters');
  if (p.RequireUppercase && !/\p{Lu}/u.test(password)) fail('Password must have uppercase characters');
  if (p.RequireNumbers && !/[0-9]/.test(password)) fail('Password must have numeric characters');
  if (p.RequireSymbols && !SYMBOLS.test(password)) fail('Password must have symbol characters');
}
