// TOTP (RFC 6238) as Cognito's SOFTWARE_TOKEN_MFA uses it: HMAC-SHA1, 6 digits, 30-second steps, the
// step before and after now accepted for clock drift. The secret travels in base32 (RFC 4648, no
// padding), which is what AssociateSoftwareToken answers as SecretCode and authenticator apps read.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const STEP_MS = 30_000;

export function base32Encode(data: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of data) {
    value = (value << 8) | byte;
    bits += 8;
    for (; bits >= 5; bits -= 5) out += ALPHABET[(value >>> (bits - 5)) & 31];
    value &= 0xff; // at most 4 bits are still pending; keep the accumulator small
  }
  return bits > 0 ? out + ALPHABET[(value << (5 - bits)) & 31] : out;
}

/** Case-insensitive, '=' padding ignored; throws on any other character. */
export function base32Decode(text: string): Buffer {
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of text.replace(/=+$/, '').toUpperCase()) {
    const digit = ALPHABET.indexOf(ch);
    if (digit < 0) throw new Error('not base32');
    value = ((value << 5) | digit) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

/** 160 random bits (RFC 4226's recommended key size for HMAC-SHA1): 32 base32 characters. */
export const newTotpSecret = () => base32Encode(randomBytes(20));

/** The time step a moment (milliseconds since the epoch) falls in. */
export const totpStep = (nowMs: number) => Math.floor(nowMs / STEP_MS);

function hotp(key: Buffer, counter: number, digits: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The code an authenticator app shows at `nowMs` for a base32 secret. */
export function totpCode(secret: string, nowMs: number, digits = 6): string {
  return hotp(base32Decode(secret), totpStep(nowMs), digits);
}

export interface TotpCheck {
  /** Code length: 6 for Cognito; RFC 6238's test vectors use 8. */
  digits?: number;
  /** Steps accepted either side of now: 1, so a code from the previous or next 30 seconds passes. */
  window?: number;
}

/**
 * The time step whose code `code` is, within the window around `nowMs`, or null. The caller keeps the
 * last step it accepted and refuses a step at or before it: that is how a code is used only once.
 * Every candidate is compared in constant time, and all of them are, whichever matches.
 */
export function verifyTotp(
  secret: string,
  code: string,
  nowMs: number,
  { digits = 6, window = 1 }: TotpCheck = {},
): number | null {
  if (!new RegExp(`^[0-9]{${digits}}$`).test(code)) return null;
  const key = base32Decode(secret);
  const given = Buffer.from(code);
  const now = totpStep(nowMs);
  let matched: number | null = null;
  for (let step = now - window; step <= now + window; step++) {
    if (step >= 0 && timingSafeEqual(Buffer.from(hotp(key, step, digits)), given) && matched === null) matched = step;
  }
  return matched;
}

/** The Key URI authenticator apps read from a QR code (github.com/google/google-authenticator/wiki/Key-Uri-Format). */
export function otpauthUri(secret: string, label: string, issuer: string): string {
  const name = issuer ? `${encodeURIComponent(issuer)}:${encodeURIComponent(label)}` : encodeURIComponent(label);
  return `otpauth://totp/${name}?secret=${secret}${issuer ? `&issuer=${encodeURIComponent(issuer)}` : ''}`;
}
