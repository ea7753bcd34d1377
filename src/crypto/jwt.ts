// JSON Web Tokens signed with RS256, as Cognito issues them: the header names the key (kid), the
// signature is RSASSA-PKCS1-v1_5 with SHA-256 (node:crypto, native). Verification accepts RS256
// only: a token that asks for "none", HS256 or anything else is refused before any key is used.
import { sign, verify, type KeyObject } from 'node:crypto';

export type Claims = Record<string, unknown>;

const part = (value: object) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/**
 * Signs in libuv's thread pool (node:crypto's callback form), not on the event loop: an RS256
 * signature is ~0.2-0.3 ms of CPU, and a sign-in makes two.
 */
export function signJwt(kid: string, claims: Claims, key: KeyObject): Promise<string> {
  const input = `${part({ kid, alg: 'RS256' })}.${part(claims)}`;
  return new Promise((resolve, reject) => {
    sign('sha256', Buffer.from(input), key, (err, signature) =>
      err ? reject(err) : resolve(`${input}.${signature.toString('base64url')}`),
    );
  });
}

export interface DecodedJwt {
  header: { kid?: unknown; alg?: unknown };
  claims: Claims;
}

/** Splits and parses a compact JWS without checking anything; undefined if it is not one. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const header: unknown = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    const claims: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    if (!header || typeof header !== 'object' || !claims || typeof claims !== 'object' || Array.isArray(claims))
      return undefined;
    return { header: header as DecodedJwt['header'], claims: claims as Claims };
  } catch {
    return undefined;
  }
}

/** True when `token` is RS256-signed by `key`. */
export function verifyRs256(token: string, key: KeyObject): boolean {
  const decoded = decodeJwt(token);
  if (decoded?.header.alg !== 'RS256') return false;
  const dot = token.lastIndexOf('.');
  return verify('sha256', Buffer.from(token.slice(0, dot)), key, Buffer.from(token.slice(dot + 1), 'base64url'));
}
