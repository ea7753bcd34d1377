// Password hashing with scrypt (memory-hard, in node:crypto, run on libuv's thread pool so the
// event loop stays free). Stored as scrypt$N$r$p$salt$hash (base64). The cost is configurable;
// each stored hash carries its own, so a changed setting applies to new passwords only.
import { scrypt, randomBytes, timingSafeEqual } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { KdfCost } from '../config.js';

const KEY_BYTES = 32;

/**
 * Hashes run at most one per core; the rest wait their turn. Each holds 128·N·r bytes while it
 * runs (8 MiB at the default cost), and libuv's pool would run four at once: hashes beyond the
 * cores only take turns on them, so running more adds memory and no throughput.
 */
const SLOTS = Math.max(1, availableParallelism());
let running = 0;
const waiting: (() => void)[] = [];

async function inTurn<T>(fn: () => Promise<T>): Promise<T> {
  if (running < SLOTS) running++;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await fn();
  } finally {
    // The slot passes straight to the next in line, so `running` only drops when nobody waits.
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

function derive(password: string, salt: Buffer, cost: KdfCost): Promise<Buffer> {
  return inTurn(
    () =>
      new Promise((resolve, reject) => {
        // maxmem must exceed 128 * N * r bytes, or node refuses the parameters.
        const maxmem = 128 * cost.N * cost.r * 2 + 1024 * 1024;
        scrypt(password.normalize('NFKC'), salt, KEY_BYTES, { N: cost.N, r: cost.r, p: cost.p, maxmem }, (err, key) =>
          err ? reject(err) : resolve(key),
        );
      }),
  );
}

export async function hashPassword(password: string, cost: KdfCost): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost);
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt') return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(password, Buffer.from(salt, 'base64'), { N: Number(N), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}
