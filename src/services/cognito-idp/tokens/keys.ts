// Each pool's token signing keys: RSA-2048, one for id tokens and one for access tokens (Cognito
// signs the two with different keys, so its JWKS lists two), made on the pool's first sign-in,
// kept in the store so that every instance and every restart signs with them, and cached in
// memory (keys never change once made). The public halves are the pool's JWKS.
import { createHash, createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { Db } from '../../../store/store.js';

export type KeyUse = 'id' | 'access';

export interface PoolKey {
  kid: string;
  use: KeyUse;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export interface Jwk {
  alg: 'RS256';
  e: string;
  kid: string;
  kty: 'RSA';
  n: string;
  use: 'sig';
}

const generate = promisify(generateKeyPair);
/** Each pool's keys as they are being read or were read: requests that find none read them once together. */
const cache = new Map<string, Promise<PoolKey[]>>();

function loadKeys(db: Db, poolId: string): Promise<PoolKey[]> {
  let keys = cache.get(poolId);
  if (!keys) {
    keys = readKeys(db, poolId);
    cache.set(poolId, keys);
    // A pool without keys yet (or a failed read) is read again next time.
    const forget = () => {
      if (cache.get(poolId) === keys) cache.delete(poolId);
    };
    keys.then((k) => k.length === 0 && forget(), forget);
  }
  return keys;
}

async function readKeys(db: Db, poolId: string): Promise<PoolKey[]> {
  const rows = await db
    .selectFrom('signing_keys')
    .select(['kid', 'key_use', 'private_pem'])
    .where('pool_id', '=', poolId)
    .orderBy('created_at')
    .orderBy('kid')
    .execute();
  return rows.map((r) => {
    const privateKey = createPrivateKey(r.private_pem);
    return { kid: r.kid, use: r.key_use, privateKey, publicKey: createPublicKey(privateKey) };
  });
}

/** The key a pool signs this kind of token with: its oldest, made now if it has none. */
export async function signingKey(db: Db, poolId: string, use: KeyUse, now: number): Promise<PoolKey> {
  const existing = (await loadKeys(db, poolId)).find((k) => k.use === use);
  if (existing) return existing;
  const { privateKey } = await generate('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  // kid: the SHA-256 of the public key, base64, as Cognito's kids look.
  const kid = createHash('sha256')
    .update(createPublicKey(privateKey).export({ type: 'spki', format: 'der' }))
    .digest('base64');
  // Two first sign-ins at once may each make a key; both are valid, and everyone then signs with the oldest.
  await db
    .insertInto('signing_keys')
    .values({ pool_id: poolId, kid, key_use: use, private_pem: pem, created_at: now })
    .execute();
  cache.delete(poolId);
  return (await loadKeys(db, poolId)).find((k) => k.use === use)!;
}

/** The key a token names, if the pool has it for this kind of token. */
export async function verificationKey(
  db: Db,
  poolId: string,
  use: KeyUse,
  kid: string,
): Promise<KeyObject | undefined> {
  let keys = await loadKeys(db, poolId);
  // Another instance may have made the pool's key after this one cached an empty or older list.
  if (!keys.some((k) => k.kid === kid)) {
    cache.delete(poolId);
    keys = await loadKeys(db, poolId);
  }
  return keys.find((k) => k.kid === kid && k.use === use)?.publicKey;
}

export async function jwks(db: Db, poolId: string): Promise<{ keys: Jwk[] }> {
  cache.delete(poolId);
  const keys = await loadKeys(db, poolId);
  return {
    keys: keys.map((k) => {
      const jwk = k.publicKey.export({ format: 'jwk' }) as { n: string; e: string };
      return { alg: 'RS256', e: jwk.e, kid: k.kid, kty: 'RSA', n: jwk.n, use: 'sig' };
    }),
  };
}

/** Forget a deleted pool's keys. */
export function forgetKeys(poolId: string): void {
  cache.delete(poolId);
}
