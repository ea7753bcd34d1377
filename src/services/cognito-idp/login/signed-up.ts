// Who just signed up in this browser: a sealed cookie set by the sign-up page and read by the
// confirmation page, so that confirming the account signs the person in (AWS's managed login
// goes on from the confirmed account to the app with a code), without the page keeping the
// password. The cookie alone signs no one in: only with the code the account was confirmed by,
// and an account is confirmed once, so it serves once and is left to expire. It names the pool, the client and the user, and lasts
// as long as the sign-up code.
import { seal, unseal } from '../../../crypto/seal.js';
import { CODE_LIFETIME_MS } from '../users/codes.js';
import { cookie, readCookies } from '../oauth/wire.js';
import type { LoginContext } from './context.js';

export const SIGNED_UP_COOKIE = 'cognate-signed-up';
const PURPOSE = 'managed login sign-up';

interface SignedUp {
  pool: string;
  client: string;
  sub: string;
  expiresAt: number;
}

/** The cookie that remembers the sign-up of `sub`. */
export function signedUpCookie(c: LoginContext, sub: string): string {
  const state: SignedUp = {
    pool: c.d.pool.id,
    client: c.a.client.clientId,
    sub,
    expiresAt: c.deps.now() + CODE_LIFETIME_MS.signup,
  };
  return cookie(
    SIGNED_UP_COOKIE,
    Buffer.from(seal(c.deps.serverKey, PURPOSE, JSON.stringify(state)), 'base64').toString('base64url'),
    c.d.cookies,
    CODE_LIFETIME_MS.signup / 1000,
  );
}

/** Whether this browser signed up `sub` through this client of this pool. */
export function signedUpHere(c: LoginContext, sub: string): boolean {
  const held = readCookies(c.req).get(SIGNED_UP_COOKIE);
  const text = held ? unseal(c.deps.serverKey, PURPOSE, held) : undefined;
  if (!text) return false;
  const s = JSON.parse(text) as SignedUp;
  return s.pool === c.d.pool.id && s.client === c.a.client.clientId && s.sub === sub && s.expiresAt > c.deps.now();
}
