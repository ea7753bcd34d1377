// The keys of a pool's SAML federation, made by cognate as AWS makes them (developer guide, "SAML
// signing and encryption"): the pool's one signing key, whose certificate GetSigningCertificate
// answers and which signs AuthnRequests (RequestSigningAlgorithm) and LogoutRequests (IDPSignout);
// and each SAML IdP's own encryption key ("Amazon Cognito assigns a public-private RSA key pair and
// a certificate to each external SAML provider"), whose certificate DescribeIdentityProvider shows
// as ActiveEncryptionCertificate once EncryptedResponses is "true". Private keys are sealed under
// the server key. The certificate module (and @peculiar/x509) loads only when a key is made.
import type { Db } from '../../../store/store.js';
import { seal, unseal } from '../../../crypto/seal.js';

const SIGNING = 'saml-signing-key';
const ENCRYPTION = 'saml-encryption-key';

export interface SamlKey {
  /** base64 DER */
  certificate: string;
  privateKeyPem: string;
}

/** A sealed key as an IdP's row keeps it. */
export interface SealedKey {
  certificate: string;
  sealed: string;
}

const make = async (commonName: string, now: number, use: 'signing' | 'encryption') =>
  (await import('../../../crypto/saml-certificate.js')).makeSigningCertificate(commonName, new Date(now), use);

const readSigning = (db: Db, poolId: string) =>
  db
    .selectFrom('user_pool_saml_certificates')
    .select(['certificate', 'private_key'])
    .where('pool_id', '=', poolId)
    .executeTakeFirst();

/**
 * The pool's signing key, made on first need and kept: every caller and every instance gets the
 * same one (two first callers at once may each make one; the first stored is everyone's).
 */
export async function poolSigningKey(
  deps: { store: { db: Db }; serverKey: Buffer; now: () => number },
  poolId: string,
): Promise<SamlKey> {
  let row = await readSigning(deps.store.db, poolId);
  if (!row) {
    const now = deps.now();
    const made = await make(poolId, now, 'signing');
    await deps.store.db
      .insertInto('user_pool_saml_certificates')
      .values({
        pool_id: poolId,
        certificate: made.certificate,
        private_key: seal(deps.serverKey, SIGNING, made.privateKeyPem),
        created_at: now,
      })
      .onConflict((oc) => oc.column('pool_id').doNothing())
      .execute();
    row = await readSigning(deps.store.db, poolId);
    if (!row) return made;
  }
  return { certificate: row.certificate, privateKeyPem: openKey(deps.serverKey, SIGNING, row.private_key) };
}

function openKey(serverKey: Buffer, purpose: string, sealed: string): string {
  const pem = unseal(serverKey, purpose, sealed);
  // Sealed under another server key: the store was moved without its key.
  if (pem === undefined) throw new Error(`The ${purpose} does not open under this server key.`);
  return pem;
}

/** A new encryption key for an IdP, sealed for its row. */
export async function newEncryptionKey(serverKey: Buffer, poolId: string, name: string, now: number) {
  const made = await make(`${poolId} ${name}`, now, 'encryption');
  return { certificate: made.certificate, sealed: seal(serverKey, ENCRYPTION, made.privateKeyPem) };
}

/** The private key of an IdP's encryption key. */
export const encryptionPrivateKey = (serverKey: Buffer, key: SealedKey) => openKey(serverKey, ENCRYPTION, key.sealed);
