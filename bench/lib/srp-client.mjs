// The client side of USER_SRP_AUTH as amazon-cognito-identity-js computes it (AuthenticationHelper,
// CognitoUser.authenticateUserDefaultAuth), written independently of cognate's server side, with
// node:crypto's native modular exponentiation so that a load generator can sign in hundreds of
// times a second (the library's BigInteger work costs tens of milliseconds per sign-in).
//   A = g^a mod N                                   sent as SRP_A (lower-case hex, no padding)
//   u = H(pad(A) | pad(B)),  x = H(pad(salt) | H(poolName | userIdForSrp | ":" | password))
//   S = (B − k·g^x)^(a + u·x) mod N,  key = HKDF-SHA256(pad(S), salt pad(u), "Caldera Derived Key", 16)
//   PASSWORD_CLAIM_SIGNATURE = base64 HMAC-SHA256(key, poolName | userIdForSrp | SECRET_BLOCK bytes | TIMESTAMP)
// The group is RFC 5054's 3072-bit one, which is RFC 3526's group 15 (node's 'modp15'), g = 2.
import { createDiffieHellman, createHash, createHmac, getDiffieHellman, hkdfSync, randomBytes } from 'node:crypto';

const PRIME = getDiffieHellman('modp15').getPrime();
const N = BigInt(`0x${PRIME.toString('hex')}`);
const g = 2n;

const hexOf = (n) => {
  const h = n.toString(16);
  return h.length % 2 ? `0${h}` : h;
};
/** The library's padHex: minimal big-endian bytes, with a 00 byte in front when the top bit is set. */
const pad = (n) => {
  const h = hexOf(n);
  return Buffer.from(/^[89a-f]/.test(h) ? `00${h}` : h, 'hex');
};
const int = (b) => BigInt(`0x${b.toString('hex') || '0'}`);
const sha256 = (...parts) => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();
const k = int(sha256(pad(N), pad(g)));

// One Diffie-Hellman object over N: computeSecret(base) is base^privateKey mod N, in OpenSSL.
const dh = createDiffieHellman(PRIME, Buffer.from([2]));
function modPow(base, exponent) {
  dh.setPrivateKey(Buffer.from(hexOf(exponent), 'hex'));
  return int(dh.computeSecret(Buffer.from(hexOf(base), 'hex')));
}

/**
 * A client ephemeral (a, A). The library draws a from 128 random bytes; `bytes` = 32 gives the same
 * wire form at a quarter of the client's cost (the server cannot tell: it only sees A).
 */
export function ephemeral(bytes = 128) {
  for (;;) {
    const a = int(randomBytes(bytes)) % N;
    if (a === 0n) continue;
    const A = modPow(g, a);
    if (A !== 0n) return { a, A, srpA: A.toString(16) };
  }
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n) => String(n).padStart(2, '0');
/** The library's DateHelper.getNowString: "Tue Mar 4 09:05:07 UTC 2025" (day without a leading zero). */
export function nowString(d = new Date()) {
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

/** The part of the pool id after the underscore: what salts x and the signature. */
export const poolNameOf = (userPoolId) => userPoolId.slice(userPoolId.indexOf('_') + 1);

// x and k·g^x depend only on the user, salt and password: a load generator that signs the same
// users in again and again computes them once (the library recomputes them every time).
const verifiers = new Map();
function verifierOf(poolName, userId, password, saltHex) {
  const id = `${poolName}\0${userId}\0${password}\0${saltHex}`;
  let v = verifiers.get(id);
  if (!v) {
    const x = int(sha256(pad(BigInt(`0x${saltHex}`)), sha256(`${poolName}${userId}:${password}`)));
    v = { x, kv: k * modPow(g, x) };
    verifiers.set(id, v);
  }
  return v;
}

/**
 * The ChallengeResponses of PASSWORD_VERIFIER for InitiateAuth's ChallengeParameters, as the
 * library sends them. `tamper` flips a bit of the signature (to check that the server refuses it).
 */
export function passwordVerifier({ userPoolId, password, eph, params, tamper = false }) {
  const poolName = poolNameOf(userPoolId);
  const userId = params.USER_ID_FOR_SRP;
  const B = BigInt(`0x${params.SRP_B}`);
  if (B % N === 0n) throw new Error('SRP_B is 0 mod N');
  const u = int(sha256(pad(eph.A), pad(B)));
  if (u === 0n) throw new Error('u is 0');
  const { x, kv } = verifierOf(poolName, userId, password, params.SALT);
  const base = (((B - kv) % N) + N) % N;
  const S = modPow(base, eph.a + u * x);
  const key = Buffer.from(hkdfSync('sha256', pad(S), pad(u), 'Caldera Derived Key', 16));
  const timestamp = nowString();
  const mac = createHmac('sha256', key)
    .update(poolName)
    .update(userId)
    .update(Buffer.from(params.SECRET_BLOCK, 'base64'))
    .update(timestamp)
    .digest();
  if (tamper) mac[0] ^= 1;
  return {
    USERNAME: userId,
    PASSWORD_CLAIM_SECRET_BLOCK: params.SECRET_BLOCK,
    TIMESTAMP: timestamp,
    PASSWORD_CLAIM_SIGNATURE: mac.toString('base64'),
  };
}
