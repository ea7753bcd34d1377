#!/usr/bin/env node
// One server-side SRP step (USER_SRP_AUTH → PASSWORD_VERIFIER): B = k·v + g^b, then S = (A·v^u)^b,
// the HKDF key and the signature check. Two ways to do the three 3072-bit exponentiations:
//   native  src/crypto/srp.ts as shipped: OpenSSL through a Diffie-Hellman object's computeSecret;
//   bigint  the same step with JavaScript BigInt square-and-multiply (reimplemented here).
// Only server work is timed; the client's answer to each B (native, untimed) must verify in both.
// Run:  npx tsc -p tsconfig.json && node bench/srp.mjs [--steps 200]
import { createDiffieHellman, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { parseArgs } from 'node:util';
import {
  N,
  formatSrpTimestamp,
  newVerifier,
  srpPoolName,
  startSrp,
  verifyPasswordClaim,
} from '../dist/src/crypto/srp.js';

const { values } = parseArgs({ options: { steps: { type: 'string', default: '200' } } });
const STEPS = Number(values.steps);

const hex = (n) => n.toString(16);
const bytes = (n) => Buffer.from(hex(n).length % 2 ? `0${hex(n)}` : hex(n), 'hex');
const int = (b) => BigInt(`0x${b.toString('hex') || '0'}`);
const pad = (n) => {
  const h = hex(n).length % 2 ? `0${hex(n)}` : hex(n);
  return Buffer.from(/^[89a-f]/.test(h) ? `00${h}` : h, 'hex');
};
const sha256 = (...parts) => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();
const k = int(sha256(pad(N), pad(2n)));

function modPowBigInt(base, exponent) {
  let result = 1n;
  base %= N;
  for (; exponent > 0n; exponent >>= 1n) {
    if (exponent & 1n) result = (result * base) % N;
    base = (base * base) % N;
  }
  return result;
}
const dh = createDiffieHellman(bytes(N), bytes(2n));
function modPowNative(base, exponent) {
  dh.setPrivateKey(bytes(exponent));
  return int(dh.computeSecret(bytes(base)));
}

// The bigint variant of startSrp / verifyPasswordClaim, step for step.
function startSrpBigInt(verifierHex) {
  const b = int(randomBytes(32));
  return { b: hex(b), B: hex((k * BigInt(`0x${verifierHex}`) + modPowBigInt(2n, b)) % N) };
}
function verifyBigInt(c) {
  const [A, v, b, B] = [c.A, c.verifierHex, c.b, c.B].map((h) => BigInt(`0x${h}`));
  const u = int(sha256(pad(A), pad(B)));
  const S = modPowBigInt((A * modPowBigInt(v, u)) % N, b);
  const key = Buffer.from(hkdfSync('sha256', pad(S), pad(u), 'Caldera Derived Key', 16));
  const mac = createHmac('sha256', key)
    .update(c.poolName)
    .update(c.userIdForSrp)
    .update(Buffer.from(c.secretBlock, 'base64'))
    .update(c.timestamp)
    .digest();
  return timingSafeEqual(mac, Buffer.from(c.signature, 'base64'));
}

// The client, as amazon-cognito-identity-js computes it: S = (B − k·g^x)^(a + u·x).
const POOL = srpPoolName('us-east-1_BenchPool1');
const USER = 'bench-user';
const PASSWORD = 'Passw0rd!';
const stored = newVerifier(POOL, USER, PASSWORD);
const x = int(sha256(pad(BigInt(`0x${stored.salt}`)), sha256(`${POOL}${USER}:${PASSWORD}`)));
const gx = modPowNative(2n, x);
function clientClaim(b, B) {
  const a = int(randomBytes(128));
  const A = modPowNative(2n, a);
  const Bn = BigInt(`0x${B}`);
  const u = int(sha256(pad(A), pad(Bn)));
  const S = modPowNative((((Bn - k * gx) % N) + N) % N, a + u * x);
  const key = Buffer.from(hkdfSync('sha256', pad(S), pad(u), 'Caldera Derived Key', 16));
  const secretBlock = randomBytes(64).toString('base64');
  const timestamp = formatSrpTimestamp(new Date());
  const signature = createHmac('sha256', key)
    .update(POOL)
    .update(USER)
    .update(Buffer.from(secretBlock, 'base64'))
    .update(timestamp)
    .digest('base64');
  return {
    poolName: POOL,
    userIdForSrp: USER,
    saltHex: stored.salt,
    verifierHex: stored.verifier,
    A: hex(A),
    b,
    B,
    secretBlock,
    timestamp,
    signature,
  };
}

function run(name, start, verify, steps) {
  let serverMs = 0;
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    const { b, B } = start(stored.verifier);
    serverMs += performance.now() - t0;
    const claim = clientClaim(b, B);
    const t1 = performance.now();
    const ok = verify(claim);
    serverMs += performance.now() - t1;
    if (!ok) throw new Error(`${name}: a correct claim did not verify`);
  }
  return { name, steps, opsPerSecond: steps / (serverMs / 1000), msPerStep: serverMs / steps };
}

run('warm-up', startSrp, verifyPasswordClaim, 10);
run('warm-up', startSrpBigInt, verifyBigInt, 3);
// Alternating rounds, so load from other processes on a shared machine hits both variants alike.
const ROUNDS = 5;
const results = { native: [], bigint: [] };
for (let round = 0; round < ROUNDS; round++) {
  results.native.push(run('native', startSrp, verifyPasswordClaim, Math.ceil(STEPS / ROUNDS)));
  results.bigint.push(run('bigint', startSrpBigInt, verifyBigInt, Math.max(2, Math.ceil(STEPS / ROUNDS / 10))));
}
const median = (xs) => xs.map((r) => r.opsPerSecond).sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const best = (xs) => Math.max(...xs.map((r) => r.opsPerSecond));
for (const [name, rs] of Object.entries(results)) {
  const steps = rs.reduce((n, r) => n + r.steps, 0);
  console.log(
    `${name.padEnd(7)} median ${median(rs).toFixed(1).padStart(7)} steps/s (${(1000 / median(rs)).toFixed(2)} ms)  best ${best(rs).toFixed(1).padStart(7)} steps/s  (${steps} steps in ${ROUNDS} rounds)`,
  );
}
console.log(
  `native is ${(median(results.native) / median(results.bigint)).toFixed(1)}x bigint by median, ${(best(results.native) / best(results.bigint)).toFixed(1)}x by best (node ${process.version}, OpenSSL ${process.versions.openssl})`,
);
