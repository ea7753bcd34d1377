// Authenticated encryption of small values under a key derived from the server key, one key per
// purpose (HKDF-SHA256 with the purpose as info), so a value sealed for one use cannot be opened
// as another. AES-256-GCM; the output is base64(iv | ciphertext | tag), standard alphabet with padding,
// as AWS's opaque values (Session, SECRET_BLOCK) are: clients decode them strictly (pycognito's
// SRP decodes SECRET_BLOCK with Python's base64.standard_b64decode). Opening also takes base64url,
// the form this server sealed in before.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const derived = new Map<string, Buffer>();

function keyFor(serverKey: Buffer, purpose: string): Buffer {
  const id = `${serverKey.toString('base64')}\0${purpose}`;
  let k = derived.get(id);
  if (!k) {
    k = Buffer.from(hkdfSync('sha256', serverKey, Buffer.alloc(0), `cognate ${purpose}`, 32));
    derived.set(id, k);
  }
  return k;
}

export function seal(serverKey: Buffer, purpose: string, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(serverKey, purpose), iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64');
}

/** The plaintext, or undefined if the value was not sealed by this server for this purpose, or was altered. */
export function unseal(serverKey: Buffer, purpose: string, sealed: string): string | undefined {
  // Node's base64 decoder reads both alphabets, padded or not.
  const raw = Buffer.from(sealed, 'base64');
  if (raw.length < 12 + 16) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor(serverKey, purpose), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
