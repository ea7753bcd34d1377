// cognate's TOTP against RFC 6238's test vectors and the independent `otpauth` package.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import * as OTPAuth from 'otpauth';
import {
  base32Decode,
  base32Encode,
  newTotpSecret,
  otpauthUri,
  totpCode,
  totpStep,
  verifyTotp,
} from '../src/crypto/totp.js';

const theirs = (secret: string, timestamp: number, digits = 6) =>
  OTPAuth.TOTP.generate({ secret: OTPAuth.Secret.fromBase32(secret), timestamp, digits });

test('RFC 6238 appendix B, SHA1 rows (8 digits)', () => {
  const secret = base32Encode(Buffer.from('12345678901234567890', 'ascii'));
  const rows: [number, string][] = [
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ];
  for (const [seconds, code] of rows) {
    assert.equal(totpCode(secret, seconds * 1000, 8), code, `T = ${seconds}`);
    assert.equal(verifyTotp(secret, code, seconds * 1000, { digits: 8 }), Math.floor(seconds / 30), `T = ${seconds}`);
  }
});

test('base32 round-trips every length and agrees with otpauth', () => {
  for (let n = 0; n <= 40; n++) {
    const data = randomBytes(n);
    const text = base32Encode(data);
    assert.deepEqual(base32Decode(text), data);
    assert.deepEqual(base32Decode(text.toLowerCase()), data);
    if (n > 0) assert.equal(text, new OTPAuth.Secret({ buffer: new Uint8Array(data).buffer }).base32);
  }
  assert.deepEqual(base32Decode('MZXW6==='), Buffer.from('foo'));
  assert.throws(() => base32Decode('MZXW1'));
});

test('a new secret is 32 base32 characters, as SecretCodeType allows ([A-Za-z0-9]+, at least 16)', () => {
  const secrets = new Set(Array.from({ length: 20 }, newTotpSecret));
  assert.equal(secrets.size, 20);
  for (const s of secrets) {
    assert.match(s, /^[A-Z2-7]{32}$/);
    assert.equal(base32Decode(s).length, 20);
  }
});

test('codes agree with otpauth on random secrets and times', () => {
  for (let i = 0; i < 500; i++) {
    const secret = i % 2 ? newTotpSecret() : base32Encode(randomBytes(randomInt(10, 64)));
    const now = randomInt(0, 2 ** 47);
    const code = theirs(secret, now);
    assert.equal(totpCode(secret, now), code);
    assert.equal(verifyTotp(secret, code, now), totpStep(now));
    assert.equal(totpCode(secret, now, 8), theirs(secret, now, 8));
  }
});

test('the window: the previous and next step are accepted, two steps away is not', () => {
  for (let i = 0; i < 200; i++) {
    const secret = newTotpSecret();
    const now = randomInt(60_000, 2 ** 47);
    const step = totpStep(now);
    for (const delta of [-1, 0, 1]) {
      const code = theirs(secret, now + delta * 30_000);
      const matched = verifyTotp(secret, code, now);
      // Two steps can share a code (a one-in-a-million collision); the earliest match is reported.
      assert.ok(matched !== null && matched <= step + delta, `delta ${delta}`);
      if (code !== theirs(secret, now + (delta - 1) * 30_000) && code !== theirs(secret, now + (delta - 2) * 30_000)) {
        assert.equal(matched, step + delta);
      }
    }
    for (const delta of [-2, 2]) {
      const code = theirs(secret, now + delta * 30_000);
      const nearby = [-1, 0, 1].map((d) => theirs(secret, now + d * 30_000));
      if (!nearby.includes(code)) assert.equal(verifyTotp(secret, code, now), null, `delta ${delta}`);
    }
  }
});

test('the step edges: a code is valid from its step start to the end of the next step', () => {
  const secret = newTotpSecret();
  const start = 1_700_000_010_000 - (1_700_000_010_000 % 30_000);
  const code = theirs(secret, start);
  const step = totpStep(start);
  assert.equal(verifyTotp(secret, code, start - 30_000), step); // one step early: the next step
  assert.equal(verifyTotp(secret, code, start + 2 * 30_000 - 1), step); // the last millisecond of the next step
  const later = [theirs(secret, start + 60_000), theirs(secret, start + 90_000), theirs(secret, start + 30_000)];
  if (!later.includes(code)) assert.equal(verifyTotp(secret, code, start + 2 * 30_000), null);
  const earlier = [theirs(secret, start - 60_000), theirs(secret, start - 90_000), theirs(secret, start - 30_000)];
  if (!earlier.includes(code)) assert.equal(verifyTotp(secret, code, start - 30_001), null);
});

test('a wider or narrower window, and malformed codes', () => {
  const secret = newTotpSecret();
  const now = Date.UTC(2025, 0, 1);
  const code = theirs(secret, now - 60_000);
  if (![0, -30_000].some((d) => theirs(secret, now + d) === code)) {
    assert.equal(verifyTotp(secret, code, now, { window: 2 }), totpStep(now) - 2);
    assert.equal(verifyTotp(secret, theirs(secret, now - 30_000), now, { window: 0 }), null);
  }
  const current = theirs(secret, now);
  for (const bad of ['', current.slice(1), `${current}0`, ` ${current.slice(1)}`, '12345a', '１２３４５６']) {
    assert.equal(verifyTotp(secret, bad, now), null, JSON.stringify(bad));
  }
});

test('otpauthUri is what authenticator apps (and otpauth) read', () => {
  const secret = newTotpSecret();
  const uri = otpauthUri(secret, 'alice@example.com', 'My App');
  assert.equal(uri, `otpauth://totp/My%20App:alice%40example.com?secret=${secret}&issuer=My%20App`);
  const parsed = OTPAuth.URI.parse(uri);
  assert.ok(parsed instanceof OTPAuth.TOTP);
  assert.equal(parsed.issuer, 'My App');
  assert.equal(parsed.label, 'alice@example.com');
  assert.equal(parsed.secret.base32, secret);
  assert.equal(parsed.digits, 6);
  assert.equal(parsed.period, 30);
  assert.equal(parsed.algorithm, 'SHA1');

  const odd = OTPAuth.URI.parse(otpauthUri(secret, 'a:b & c?', 'Ünïcode & Co'));
  assert.equal(odd.issuer, 'Ünïcode & Co');
  assert.equal(odd.label, 'a:b & c?');
  assert.equal(OTPAuth.URI.parse(otpauthUri(secret, 'bob', '')).label, 'bob');
});
