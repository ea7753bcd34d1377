// One-time codes: drawn from the CSPRNG, stored only as a keyed hash (HMAC-SHA256 under the
// server's secret, bound to pool, user and purpose so a hash cannot be replayed elsewhere),
// compared in constant time.
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

export function newCode(digits = 6): string {
  return String(randomInt(0, 10 ** digits)).padStart(digits, '0');
}

export function hashCode(key: Buffer, scope: string, code: string): string {
  return createHmac('sha256', key).update(scope).update('\0').update(code).digest('base64');
}

export function codeMatches(key: Buffer, scope: string, code: string, stored: string): boolean {
  const a = Buffer.from(hashCode(key, scope, code), 'base64');
  const b = Buffer.from(stored, 'base64');
  return a.length === b.length && timingSafeEqual(a, b);
}
