// The server side of Cognito's SRP-6a (USER_SRP_AUTH, answered with PASSWORD_VERIFIER), byte for byte
// as amazon-cognito-identity-js computes the client side (src/AuthenticationHelper.js,
// CognitoUser.authenticateUserDefaultAuth): RFC 5054's 3072-bit group with g = 2, SHA-256, and every
// integer hashed in its minimal two's-complement form (`pad` below), never padded to the group's width.
//
// The verifier v = g^x is as good as a fast (one SHA-256) hash of the password: store it like one.
import { createDiffieHellman, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

const N_HEX =
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
  'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
  'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
  '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
  'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
  '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
  'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
  'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF';
export const N = BigInt(`0x${N_HEX}`);
const g = 2n;

/** The client's padHex: big-endian, leading zero bytes dropped, a 00 byte prepended when the top bit is set. */
function pad(n: bigint): Buffer {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (/^[89a-f]/.test(hex)) hex = `00${hex}`;
  return Buffer.from(hex, 'hex');
}
function bytes(n: bigint): Buffer {
  const hex = n.toString(16);
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
}
const int = (b: Buffer) => BigInt(`0x${b.toString('hex') || '0'}`);
const sha256 = (...parts: (Buffer | string)[]) => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();
/** Hex as the client sends it (SRP_A is `toString(16)`: lower case, no padding); undefined if not hex. */
const parseHex = (hex: string) => (/^[0-9a-fA-F]{1,1024}$/.test(hex) ? BigInt(`0x${hex}`) : undefined);

const k = int(sha256(pad(N), pad(g)));

// OpenSSL does the modular exponentiations: for a Diffie-Hellman object over N, computeSecret(base)
// is base^privateKey mod N, about 5x faster than BigInt square-and-multiply (bench/srp.mjs). It refuses a
// base of 0, 1 or N-1 (ERR_CRYPTO_INVALID_KEYLEN), which no honest exchange produces.
const dh = createDiffieHellman(bytes(N), bytes(g));
function modPow(base: bigint, exponent: bigint): bigint {
  dh.setPrivateKey(bytes(exponent));
  return int(dh.computeSecret(bytes(base)));
}

/** The pool name that salts x and the signature: the part of the pool id after the underscore. */
export const srpPoolName = (userPoolId: string) => userPoolId.slice(userPoolId.indexOf('_') + 1);

function privateKey(poolName: string, userIdForSrp: string, password: string, saltHex: string): bigint {
  const identity = sha256(`${poolName}${userIdForSrp}:${password}`);
  // The client reads SALT as an integer and hashes pad(salt), so a salt whose first byte is 00 or >= 80 hashes differently from its raw bytes.
  return int(sha256(pad(BigInt(`0x${saltHex}`)), identity));
}

export interface SrpVerifier {
  /** 16 random bytes in hex: answer it as SALT. */
  salt: string;
  /** v = g^x mod N in hex: keep it with the user, as secret as a password hash. */
  verifier: string;
}

/**
 * Computed when a password is set. `userIdForSrp` must be what InitiateAuth answers as USER_ID_FOR_SRP
 * (the client hashes that, not the name it signed in with).
 */
export function newVerifier(poolName: string, userIdForSrp: string, password: string): SrpVerifier {
  const salt = randomBytes(16).toString('hex');
  return { salt, verifier: modPow(g, privateKey(poolName, userIdForSrp, password, salt)).toString(16) };
}

/** SRP_A is usable: hex, and A mod N != 0 (RFC 5054 2.5.4: the server must abort otherwise). */
export function isValidSrpA(srpA: string): boolean {
  const A = parseHex(srpA);
  return A !== undefined && A % N !== 0n;
}

export interface SrpServerEphemeral {
  /** The server's secret exponent in hex: keep it server-side (in the sealed session) until the answer. */
  b: string;
  /** B = (k·v + g^b) mod N in hex: answer it as SRP_B. */
  B: string;
}

export function startSrp(verifierHex: string): SrpServerEphemeral {
  for (;;) {
    // 256-bit exponents: twice the 128-bit strength of the 3072-bit group (RFC 3526 section 8).
    const b = int(randomBytes(32));
    if (b === 0n) continue;
    const B = serverB(verifierHex, b.toString(16));
    if (B !== '0') return { b: b.toString(16), B };
  }
}

/** B = (k·v + g^b) mod N in hex, again from the secret exponent: a state that must stay small keeps b alone. */
export function serverB(verifierHex: string, b: string): string {
  return ((k * BigInt(`0x${verifierHex}`) + modPow(g, BigInt(`0x${b}`))) % N).toString(16);
}

export interface PasswordClaim {
  poolName: string;
  userIdForSrp: string;
  saltHex: string;
  verifierHex: string;
  /** SRP_A from InitiateAuth, hex */
  A: string;
  /** From startSrp */
  b: string;
  B: string;
  /** PASSWORD_CLAIM_SECRET_BLOCK, base64 (the caller checks it is the one it issued) */
  secretBlock: string;
  /** TIMESTAMP, e.g. "Tue Mar 4 09:05:07 UTC 2025" */
  timestamp: string;
  /** PASSWORD_CLAIM_SIGNATURE, base64 */
  signature: string;
}

/** The client's session key: HKDF-SHA256(ikm = pad(S), salt = pad(u), info "Caldera Derived Key"), 16 bytes. */
function sessionKey(claim: PasswordClaim): Buffer | undefined {
  const A = parseHex(claim.A);
  const v = parseHex(claim.verifierHex);
  const b = parseHex(claim.b);
  const B = parseHex(claim.B);
  if (A === undefined || v === undefined || b === undefined || B === undefined || A % N === 0n) return undefined;
  const u = int(sha256(pad(A), pad(B)));
  if (u === 0n) return undefined;
  let S: bigint;
  try {
    S = modPow(((A % N) * modPow(v, u)) % N, b);
  } catch {
    return undefined; // A·v^u was 1 or N-1
  }
  return Buffer.from(hkdfSync('sha256', pad(S), pad(u), 'Caldera Derived Key', 16));
}

/**
 * PASSWORD_CLAIM_SIGNATURE = base64(HMAC-SHA256(key, poolName | userIdForSrp | SECRET_BLOCK bytes | TIMESTAMP)).
 * False for a wrong password, any mismatched input, or a TIMESTAMP that is not in the client's exact
 * form (see isSrpTimestamp).
 */
export function verifyPasswordClaim(claim: PasswordClaim): boolean {
  const given = Buffer.from(claim.signature, 'base64');
  if (given.length !== 32 || !isCanonicalTimestamp(claim.timestamp)) return false;
  const key = sessionKey(claim);
  if (!key) return false;
  const expected = createHmac('sha256', key)
    .update(claim.poolName)
    .update(claim.userIdForSrp)
    .update(Buffer.from(claim.secretBlock, 'base64'))
    .update(claim.timestamp)
    .digest();
  return timingSafeEqual(expected, given);
}

// TIMESTAMP. Cognito parses it as Java's "EEE MMM d HH:mm:ss z yyyy" in English (otherwise
// InvalidParameterException "TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.") and
// signs the date it read in its own words, so a day with a leading zero ("Apr 05", which some
// clients sent) or a wrong weekday parses but fails the signature. No limit on how far the
// timestamp may be from now is documented or observed, so none is enforced.
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const FULL_DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const FULL_MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const names = (short: string[], full: string[]) => new Set([...short.map((s) => s.toLowerCase()), ...full]);
const DAY_NAMES = names(DAYS, FULL_DAYS);
const MONTH_NAMES = names(MONTHS, FULL_MONTHS);
const two = (n: number) => String(n).padStart(2, '0');

/** The client's form (DateHelper.getNowString): "ddd MMM d HH:mm:ss UTC yyyy", day without a leading zero. */
export function formatSrpTimestamp(date: Date): string {
  return `${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} UTC ${date.getUTCFullYear()}`;
}

/** Readable as "EEE MMM d HH:mm:ss z yyyy" in English; the caller answers InvalidParameterException otherwise. */
export function isSrpTimestamp(timestamp: string): boolean {
  const m = /^([A-Za-z]+) ([A-Za-z]+) (\d{1,2}) \d{1,2}:\d{1,2}:\d{1,2} [A-Za-z][\w+:/-]* \d{4}$/.exec(timestamp);
  return m !== null && DAY_NAMES.has(m[1].toLowerCase()) && MONTH_NAMES.has(m[2].toLowerCase());
}

function isCanonicalTimestamp(timestamp: string): boolean {
  const m = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) UTC (\d{4})$/.exec(timestamp);
  if (!m) return false;
  const month = MONTHS.indexOf(m[1]);
  const [day, hours, minutes, seconds, year] = m.slice(2).map(Number);
  const date = new Date(Date.UTC(year, month, day, hours, minutes, seconds));
  // Re-formatting catches a wrong weekday, a leading zero, and dates that roll over (Feb 30, 24:00:00).
  return month >= 0 && year >= 1000 && formatSrpTimestamp(date) === timestamp;
}
