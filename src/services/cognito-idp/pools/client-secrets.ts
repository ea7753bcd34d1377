// An app client's secrets: one when the client is made with a secret, at most two while one is
// rotated ("Supports up to 2 active secrets per app client for zero-downtime credential rotation",
// API reference, AddUserPoolClientSecret). SECRET_HASH and the client's own authentication accept
// any of them (users/secret-hash.ts). Kept with the client's row (user_pool_clients.secrets), so the
// sign-in paths read them with the client and no more; `secret` stays the oldest, the one
// DescribeUserPoolClient shows as ClientSecret. Stored as given, like the single secret before
// them: an HMAC key (SECRET_HASH) cannot be kept as a one-way hash.
import { randomBytes } from 'node:crypto';
import type { ClientSecretDescriptorType } from '@aws-sdk/client-cognito-identity-provider';
import type { Db } from '../../../store/store.js';

export interface ClientSecret {
  id: string;
  value: string;
  /** epoch ms */
  created: number;
}

export const MAX_CLIENT_SECRETS = 2;

/** A client's secrets from its row: the list, or the single secret of a row written before there was one. */
export function secretsOf(r: { secrets?: string | null; secret: string | null; created_at: number }): ClientSecret[] {
  if (r.secrets) return JSON.parse(r.secrets) as ClientSecret[];
  return r.secret ? [{ id: '', value: r.secret, created: r.created_at }] : [];
}

/**
 * A secret's id. AWS's form is not on record (the API reference says only "the unique identifier
 * for the client secret"): cognate's is 32 hex digits.
 */
export const newSecretId = () => randomBytes(16).toString('hex');

/** A secret as the API lists it: without its value unless `reveal` (a secret Cognito generated, once). */
export const secretDescriptor = (s: ClientSecret, reveal = false): ClientSecretDescriptorType => ({
  ClientSecretId: s.id,
  ...(reveal ? { ClientSecretValue: s.value } : {}),
  ClientSecretCreateDate: new Date(s.created),
});

/**
 * Writes a client's new list of secrets if nobody changed it since `before` was read (the list as
 * stored): two rotations at once cannot both pass the limit of two. False if the list moved.
 */
export async function replaceSecrets(
  db: Db,
  clientId: string,
  before: string | null,
  after: ClientSecret[],
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('user_pool_clients')
    .set((eb) => ({
      secrets: JSON.stringify(after),
      secret: after[0].value,
      updated_at: now,
      version: eb('version', '+', 1),
    }))
    .where('client_id', '=', clientId)
    .where((eb) => (before === null ? eb('secrets', 'is', null) : eb('secrets', '=', before)))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The stored list of a client's secrets, as replaceSecrets compares it. */
export async function storedSecrets(db: Db, clientId: string): Promise<string | null> {
  const row = await db
    .selectFrom('user_pool_clients')
    .select('secrets')
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  return row?.secrets ?? null;
}
