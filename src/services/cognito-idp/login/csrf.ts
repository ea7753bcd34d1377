// CSRF protection of the sign-in forms: a random token in an HttpOnly, SameSite=Lax cookie of the
// domain, repeated in each form as `_csrf`; a POST is taken only when both are there and equal
// (compared in constant time). A page of another site can neither read the cookie nor, being
// cross-site, make the browser send it with a POST. The cookie's name and the field's are those
// of AWS's hosted UI.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { cookie, readCookies, type CookieScope } from '../oauth/wire.js';

export const CSRF_COOKIE = 'XSRF-TOKEN';
export const CSRF_FIELD = '_csrf';

/** The token a page's forms carry, and the cookie to set when the browser has none yet. */
export function csrfToken(req: IncomingMessage, scope: CookieScope): { token: string; cookies: string[] } {
  const held = readCookies(req).get(CSRF_COOKIE);
  if (held && /^[A-Za-z0-9_-]{43}$/.test(held)) return { token: held, cookies: [] };
  const token = randomBytes(32).toString('base64url');
  return { token, cookies: [cookie(CSRF_COOKIE, token, scope)] };
}

/** Whether a posted form carries the token of the browser's cookie. */
export function csrfHolds(req: IncomingMessage, form: URLSearchParams): boolean {
  const held = Buffer.from(readCookies(req).get(CSRF_COOKIE) ?? '');
  const sent = Buffer.from(form.get(CSRF_FIELD) ?? '');
  return held.length === 43 && sent.length === held.length && timingSafeEqual(held, sent);
}
