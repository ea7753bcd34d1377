// cognate's SRP server side against amazon-cognito-identity-js's client side, computed as
// CognitoUser.authenticateUserDefaultAuth does for USER_SRP_AUTH → PASSWORD_VERIFIER.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import {
  N,
  newVerifier,
  startSrp,
  verifyPasswordClaim,
  isValidSrpA,
  isSrpTimestamp,
  formatSrpTimestamp,
  srpPoolName,
  type PasswordClaim,
} from '../src/crypto/srp.js';

// The library ships CommonJS without types for its helpers; load it (and the SHA-256 it signs with) as it is.
const require = createRequire(import.meta.url);
const libRequire = createRequire(require.resolve('amazon-cognito-identity-js'));
interface BigIntegerLike {
  toString(radix: number): string;
}
interface Helper {
  getLargeAValue(cb: (err: Error | null, A: BigIntegerLike) => void): void;
  getPasswordAuthenticationKey(
    user: string,
    password: string,
    B: BigIntegerLike,
    salt: BigIntegerLike,
    cb: (err: Error | null, key: Buffer) => void,
  ): void;
}
const { AuthenticationHelper, DateHelper } = libRequire('amazon-cognito-identity-js') as {
  AuthenticationHelper: new (poolName: string) => Helper;
  DateHelper: new () => { getNowString(): string };
};
const BigInteger = libRequire('amazon-cognito-identity-js/lib/BigInteger').default as new (
  hex: string,
  radix: number,
) => BigIntegerLike;
const { Sha256 } = libRequire('@aws-crypto/sha256-js') as {
  Sha256: new (key?: Uint8Array) => { update(b: Uint8Array): void; digestSync(): Uint8Array };
};

const POOL_ID = 'us-east-1_AbC123xYz';
const POOL = srpPoolName(POOL_ID);

/** One client sign-in attempt: InitiateAuth's SRP_A, then the PASSWORD_VERIFIER answer to the server's challenge. */
async function client(poolName: string, userIdForSrp: string, password: string) {
  const helper = new AuthenticationHelper(poolName);
  const A = await new Promise<string>((resolve, reject) =>
    helper.getLargeAValue((e, a) => (e ? reject(e) : resolve(a.toString(16)))),
  );
  return {
    A,
    async answer(
      challenge: { SALT: string; SRP_B: string; SECRET_BLOCK: string },
      timestamp = new DateHelper().getNowString(),
    ) {
      const key = await new Promise<Buffer>((resolve, reject) =>
        helper.getPasswordAuthenticationKey(
          userIdForSrp,
          password,
          new BigInteger(challenge.SRP_B, 16),
          new BigInteger(challenge.SALT, 16),
          (e, k) => (e ? reject(e) : resolve(k)),
        ),
      );
      const hmac = new Sha256(key);
      hmac.update(
        Buffer.concat([
          Buffer.from(poolName, 'utf8'),
          Buffer.from(userIdForSrp, 'utf8'),
          Buffer.from(challenge.SECRET_BLOCK, 'base64'),
          Buffer.from(timestamp, 'utf8'),
        ]),
      );
      return { TIMESTAMP: timestamp, PASSWORD_CLAIM_SIGNATURE: Buffer.from(hmac.digestSync()).toString('base64') };
    },
  };
}

/** The whole exchange: the server's stored verifier for (user, password), a client signing in as (clientUser, clientPassword). */
async function signIn(opts: {
  user?: string;
  password?: string;
  clientUser?: string;
  clientPassword?: string;
  clientPool?: string;
  stored?: { salt: string; verifier: string };
  timestamp?: string;
  tamper?: (claim: PasswordClaim) => PasswordClaim;
}) {
  const user = opts.user ?? 'alice';
  const password = opts.password ?? 'Passw0rd!';
  const stored = opts.stored ?? newVerifier(POOL, user, password);
  const c = await client(opts.clientPool ?? POOL, opts.clientUser ?? user, opts.clientPassword ?? password);
  assert.ok(isValidSrpA(c.A));
  const { b, B } = startSrp(stored.verifier);
  const SECRET_BLOCK = randomBytes(64).toString('base64');
  const answer = await c.answer({ SALT: stored.salt, SRP_B: B, SECRET_BLOCK }, opts.timestamp);
  const claim: PasswordClaim = {
    poolName: POOL,
    userIdForSrp: user,
    saltHex: stored.salt,
    verifierHex: stored.verifier,
    A: c.A,
    b,
    B,
    secretBlock: SECRET_BLOCK,
    timestamp: answer.TIMESTAMP,
    signature: answer.PASSWORD_CLAIM_SIGNATURE,
  };
  return verifyPasswordClaim(opts.tamper ? opts.tamper(claim) : claim);
}

test('the pool name is the part of the pool id after the underscore', () => {
  assert.equal(POOL, 'AbC123xYz');
});

test('the right password verifies, for several users, salts and server values', async () => {
  for (let i = 0; i < 4; i++) assert.equal(await signIn({ user: `user-${i}`, password: `Pa55-word-${i}` }), true);
});

test('salts whose first byte is 00 or has the high bit set hash as the client pads them', async () => {
  const saltStarting = (ok: (salt: string) => boolean) => {
    for (;;) {
      const stored = newVerifier(POOL, 'alice', 'Passw0rd!');
      if (ok(stored.salt)) return stored;
    }
  };
  assert.equal(await signIn({ stored: saltStarting((s) => s.startsWith('00')) }), true);
  assert.equal(await signIn({ stored: saltStarting((s) => /^[89a-f]/.test(s)) }), true);
  assert.equal(await signIn({ stored: saltStarting((s) => /^[1-7]/.test(s)) }), true);
});

test('a password beyond ASCII is hashed as UTF-8 on both sides', async () => {
  assert.equal(await signIn({ user: 'zoë', password: 'pässwörd-密码-🔑' }), true);
});

test('a wrong password does not verify', async () => {
  assert.equal(await signIn({ clientPassword: 'Passw0rd?' }), false);
  assert.equal(await signIn({ clientPassword: '' }), false);
});

test('a wrong username or pool name does not verify', async () => {
  assert.equal(await signIn({ clientUser: 'bob' }), false);
  assert.equal(await signIn({ clientUser: 'Alice' }), false);
  assert.equal(await signIn({ clientPool: 'AbC123xYZ' }), false);
  // The client signed for the right user, but the claim is checked against another one's name.
  assert.equal(await signIn({ tamper: (c) => ({ ...c, userIdForSrp: 'bob' }) }), false);
  assert.equal(await signIn({ tamper: (c) => ({ ...c, poolName: 'other' }) }), false);
});

test('a tampered SECRET_BLOCK, signature, B or A does not verify', async () => {
  const flip = (b64: string) => {
    const b = Buffer.from(b64, 'base64');
    b[5] ^= 1;
    return b.toString('base64');
  };
  assert.equal(await signIn({ tamper: (c) => ({ ...c, secretBlock: flip(c.secretBlock) }) }), false);
  assert.equal(await signIn({ tamper: (c) => ({ ...c, secretBlock: randomBytes(64).toString('base64') }) }), false);
  assert.equal(await signIn({ tamper: (c) => ({ ...c, signature: flip(c.signature) }) }), false);
  assert.equal(await signIn({ tamper: (c) => ({ ...c, signature: c.signature.slice(0, 20) }) }), false);
  assert.equal(await signIn({ tamper: (c) => ({ ...c, B: startSrp(c.verifierHex).B }) }), false);
  assert.equal(await signIn({ tamper: (c) => ({ ...c, A: 'zz' }) }), false);
});

test('A ≡ 0 mod N is refused, so a client without the password cannot force S = 0', () => {
  assert.equal(isValidSrpA('0'), false);
  assert.equal(isValidSrpA(N.toString(16)), false);
  assert.equal(isValidSrpA((2n * N).toString(16)), false);
  assert.equal(isValidSrpA('not hex'), false);
  assert.equal(isValidSrpA(''), false);
  assert.equal(isValidSrpA((N + 2n).toString(16)), true);

  // Were A = k·N accepted, the server's S would be 0 whatever the password: sign with the key of S = 0.
  const stored = newVerifier(POOL, 'alice', 'Passw0rd!');
  const { b, B } = startSrp(stored.verifier);
  const pad = (n: bigint) => {
    let h = n.toString(16);
    if (h.length % 2) h = `0${h}`;
    return Buffer.from(/^[89a-f]/.test(h) ? `00${h}` : h, 'hex');
  };
  for (const A of [N, 2n * N]) {
    const u = BigInt(
      `0x${createHash('sha256')
        .update(pad(A))
        .update(pad(BigInt(`0x${B}`)))
        .digest('hex')}`,
    );
    const key = Buffer.from(hkdfSync('sha256', pad(0n), pad(u), 'Caldera Derived Key', 16));
    const timestamp = formatSrpTimestamp(new Date());
    const secretBlock = randomBytes(32).toString('base64');
    const signature = createHmac('sha256', key)
      .update(POOL)
      .update('alice')
      .update(Buffer.from(secretBlock, 'base64'))
      .update(timestamp)
      .digest('base64');
    assert.equal(
      verifyPasswordClaim({
        poolName: POOL,
        userIdForSrp: 'alice',
        saltHex: stored.salt,
        verifierHex: stored.verifier,
        A: A.toString(16),
        b,
        B,
        secretBlock,
        timestamp,
        signature,
      }),
      false,
    );
  }
});

test("TIMESTAMP: the client's form verifies; a leading zero or a wrong weekday does not", async () => {
  // Cognito signs the date it read in its own words: "Apr 05" (zero-padded day) or "Tue" for a Wednesday fail.
  assert.equal(await signIn({ timestamp: 'Wed Apr 5 22:42:34 UTC 2017' }), true);
  assert.equal(await signIn({ timestamp: 'Wed Apr 05 22:42:34 UTC 2017' }), false);
  assert.equal(await signIn({ timestamp: 'Tue Apr 5 22:42:34 UTC 2017' }), false);
  assert.equal(await signIn({ timestamp: 'Wed Apr 5 22:42:34 GMT 2017' }), false);
  assert.equal(await signIn({ timestamp: 'Thu Feb 30 22:42:34 UTC 2017' }), false);
  // No limit on the distance from now is known on AWS, so an old, well-formed timestamp is accepted.
  assert.equal(await signIn({ timestamp: 'Sat Jan 1 00:00:00 UTC 2000' }), true);
});

test('TIMESTAMP: formatSrpTimestamp writes what DateHelper writes', () => {
  const before = formatSrpTimestamp(new Date());
  const client = new DateHelper().getNowString();
  const after = formatSrpTimestamp(new Date());
  assert.ok(client === before || client === after, `${client} vs ${before}`);
  assert.equal(formatSrpTimestamp(new Date(Date.UTC(2025, 2, 4, 9, 5, 7))), 'Tue Mar 4 09:05:07 UTC 2025');
  assert.equal(formatSrpTimestamp(new Date(Date.UTC(2024, 11, 31, 23, 59, 59))), 'Tue Dec 31 23:59:59 UTC 2024');
});

test('TIMESTAMP: what reads as "EEE MMM d HH:mm:ss z yyyy" in English', () => {
  for (const ok of [
    'Tue Mar 4 09:05:07 UTC 2025',
    'Tue Mar 04 09:05:07 UTC 2025',
    'Wed Mar 4 09:05:07 GMT 2025',
    'Tuesday March 4 9:5:7 UTC 2025',
  ]) {
    assert.equal(isSrpTimestamp(ok), true, ok);
  }
  for (const bad of [
    '',
    '2025-03-04T09:05:07Z',
    'Mar 4 09:05:07 UTC 2025',
    'Di Mär 4 09:05:07 UTC 2025',
    'Tue Mar 4 09:05:07 2025',
    'Tue Mar 4 09:05:07 UTC 25',
  ]) {
    assert.equal(isSrpTimestamp(bad), false, bad);
  }
});
