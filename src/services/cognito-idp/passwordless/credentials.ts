// A user's passkeys in the store (migration 020), and the one registration ceremony each user
// may have open. Every row carries its pool; users/delete.ts and DeleteUserPool remove them.
import type { WebAuthnCredentialDescription } from '@aws-sdk/client-cognito-identity-provider';
import type { Selectable } from 'kysely';
import type { Db, Tx } from '../../../store/store.js';
import type { WebAuthnCredentialRow, WebAuthnRegistrationRow } from '../../../store/tables/cognito-idp-passwordless.js';
import { normalizeDbError, UniqueViolation } from '../../../store/errors.js';

export type CredentialRow = Selectable<WebAuthnCredentialRow>;
export type RegistrationRow = Selectable<WebAuthnRegistrationRow>;

/**
 * Passkeys one user may keep. AWS's quota is not on record; 20 is the most ListWebAuthnCredentials
 * returns in one page (WebAuthnCredentialsQueryLimitType), cognate's choice.
 */
export const MAX_CREDENTIALS = 20;

export async function credentialsOf(db: Db | Tx, poolId: string, sub: string): Promise<CredentialRow[]> {
  return db
    .selectFrom('webauthn_credentials')
    .selectAll()
    .where('pool_id', '=', poolId)
    .where('sub', '=', sub)
    .orderBy('created_at')
    .orderBy('credential_id')
    .execute();
}

export async function countCredentials(db: Db | Tx, poolId: string, sub: string): Promise<number> {
  const row = await db
    .selectFrom('webauthn_credentials')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('pool_id', '=', poolId)
    .where('sub', '=', sub)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** A page of a user's passkeys after (created_at, credential_id), oldest first. */
export async function pageOfCredentials(
  db: Db,
  poolId: string,
  sub: string,
  after: [number, string] | undefined,
  limit: number,
): Promise<CredentialRow[]> {
  let q = db.selectFrom('webauthn_credentials').selectAll().where('pool_id', '=', poolId).where('sub', '=', sub);
  if (after)
    q = q.where((eb) =>
      eb.or([
        eb('created_at', '>', after[0]),
        eb.and([eb('created_at', '=', after[0]), eb('credential_id', '>', after[1])]),
      ]),
    );
  return q.orderBy('created_at').orderBy('credential_id').limit(limit).execute();
}

/** Stores a new passkey; false when the credential id is registered already (to anyone in the pool). */
export async function insertCredential(trx: Tx, row: CredentialRow): Promise<boolean> {
  try {
    await trx.insertInto('webauthn_credentials').values(row).execute();
    return true;
  } catch (e) {
    if (normalizeDbError(e) instanceof UniqueViolation) return false;
    throw e;
  }
}

export async function deleteCredential(db: Db, poolId: string, sub: string, credentialId: string): Promise<boolean> {
  const r = await db
    .deleteFrom('webauthn_credentials')
    .where('pool_id', '=', poolId)
    .where('sub', '=', sub)
    .where('credential_id', '=', credentialId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/**
 * Records the signature counter a sign-in showed. The update only moves it forward, so of two
 * sign-ins racing with one assertion the second finds the counter taken (false).
 */
export async function advanceCounter(
  db: Db,
  row: Pick<CredentialRow, 'pool_id' | 'credential_id' | 'sign_count'>,
  next: number,
): Promise<boolean> {
  // An authenticator without a counter reports 0 every time: nothing to record or to race on.
  if (next === 0 && row.sign_count === 0) return true;
  const r = await db
    .updateTable('webauthn_credentials')
    .set({ sign_count: next })
    .where('pool_id', '=', row.pool_id)
    .where('credential_id', '=', row.credential_id)
    .where('sign_count', '<', next)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Opens the user's registration ceremony, replacing one left unfinished. */
export async function openRegistration(db: Db, row: RegistrationRow): Promise<void> {
  await db
    .insertInto('webauthn_registrations')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['pool_id', 'sub']).doUpdateSet({
        challenge: row.challenge,
        client_id: row.client_id,
        rp_id: row.rp_id,
        user_verification: row.user_verification,
        expires_at: row.expires_at,
      }),
    )
    .execute();
}

export async function pendingRegistration(db: Db, poolId: string, sub: string): Promise<RegistrationRow | undefined> {
  return db
    .selectFrom('webauthn_registrations')
    .selectAll()
    .where('pool_id', '=', poolId)
    .where('sub', '=', sub)
    .executeTakeFirst();
}

/** Uses the ceremony's challenge: of concurrent completions exactly one removes it (true). */
export async function spendRegistration(trx: Tx, row: RegistrationRow): Promise<boolean> {
  const r = await trx
    .deleteFrom('webauthn_registrations')
    .where('pool_id', '=', row.pool_id)
    .where('sub', '=', row.sub)
    .where('challenge', '=', row.challenge)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export function describeCredential(row: CredentialRow): WebAuthnCredentialDescription {
  return {
    CredentialId: row.credential_id,
    FriendlyCredentialName: row.friendly_name,
    RelyingPartyId: row.rp_id,
    ...(row.attachment ? { AuthenticatorAttachment: row.attachment } : {}),
    AuthenticatorTransports: JSON.parse(row.transports) as string[],
    CreatedAt: new Date(row.created_at),
  };
}
