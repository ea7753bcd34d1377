// A temporary password that satisfies the pool's policy: at least one of each character class the
// policy asks for, the rest random, from the CSPRNG.
import { randomInt } from 'node:crypto';
import type { Pool } from '../pools/store.js';

const CLASSES = {
  lower: 'abcdefghijkmnopqrstuvwxyz',
  upper: 'ABCDEFGHJKLMNPQRSTUVWXYZ',
  digit: '23456789',
  symbol: '^$*.[]{}()?!@#%&/,><:;|_~=+-',
};
const pick = (s: string) => s[randomInt(s.length)];

export function temporaryPassword(pool: Pool): string {
  const p = pool.config.Policies?.PasswordPolicy ?? {};
  const length = Math.max(p.MinimumLength ?? 8, 12);
  const chars = [pick(CLASSES.lower), pick(CLASSES.upper), pick(CLASSES.digit), pick(CLASSES.symbol)];
  const all = Object.values(CLASSES).join('');
  while (chars.length < length) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}
