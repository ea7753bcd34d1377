// Setting a user's password: the scrypt hash the password flows check, and the SRP-6a verifier
// USER_SRP_AUTH checks, made together from the plain password (the only moment cognate has it).
// Both are computed before any transaction opens: no lock is held while the KDF runs.
import type { Deps } from '../../context.js';
import { hashPassword } from '../../../crypto/passwords.js';
import { newVerifier, srpPoolName } from '../../../crypto/srp.js';
import type { Pool } from '../pools/store.js';
import type { User } from './store.js';

export interface PreparedPassword {
  passwordHash: string;
  srp: User['srp'];
}

/** `username` is the user's username: what SRP clients hash, as Cognito's USER_ID_FOR_SRP. */
export async function preparePassword(
  deps: Deps,
  pool: Pool,
  username: string,
  password: string,
): Promise<PreparedPassword> {
  return {
    passwordHash: await hashPassword(password, deps.config.kdf),
    srp: newVerifier(srpPoolName(pool.id), username, password),
  };
}

/** Gives the user the prepared password; `expiresAt` for a temporary one. */
export function applyPassword(user: User, prepared: PreparedPassword, expiresAt: number | null = null): void {
  user.passwordHash = prepared.passwordHash;
  user.srp = prepared.srp;
  user.passwordExpiresAt = expiresAt;
}
