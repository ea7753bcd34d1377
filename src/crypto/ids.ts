// Identifiers in the forms AWS uses.
import { randomBytes, randomUUID } from 'node:crypto';

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const LOWER_ALNUM = '0123456789abcdefghijklmnopqrstuvwxyz';

function randomFrom(alphabet: string, length: number): string {
  // Rejection sampling keeps every character equally likely.
  const out: string[] = [];
  const limit = 256 - (256 % alphabet.length);
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      if (b < limit && out.length < length) out.push(alphabet[b % alphabet.length]);
    }
  }
  return out.join('');
}

/** us-east-1_AbC123xYz */
export const newUserPoolId = (region: string) => `${region}_${randomFrom(ALNUM, 9)}`;
/** A 128-bit value in 26 lower-case base32hex characters ([0-9a-v], the first 0-7), as Cognito's client ids look. */
export function newClientId(): string {
  let n = BigInt(`0x${randomBytes(16).toString('hex')}`);
  let out = '';
  for (let i = 0; i < 26; i++, n >>= 5n) out = '0123456789abcdefghijklmnopqrstuv'[Number(n & 31n)] + out;
  return out;
}
/** 51 lower-case letters and digits, as Cognito's app client secrets */
export const newClientSecret = () => randomFrom(LOWER_ALNUM, 51);
export const newUuid = () => randomUUID();
