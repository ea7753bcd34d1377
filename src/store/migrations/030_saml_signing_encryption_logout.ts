// SAML signing, encryption and single logout (docs/identity-providers.md). A SAML IdP's own
// encryption key: "Amazon Cognito assigns a public-private RSA key pair and a certificate to each
// external SAML provider" (developer guide, "SAML signing and encryption"); the certificate is
// what DescribeIdentityProvider shows as ActiveEncryptionCertificate, the private key is sealed
// under the server key. A managed login session that began at a SAML IdP keeps who the IdP said
// it was (NameID, its format, the SessionIndex), for the LogoutRequest /logout sends and for the
// IdP's own LogoutRequest to find the sessions it ends.
import type { Kysely } from '../kysely.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('identity_providers').addColumn('encryption_certificate', 'text').execute();
  await db.schema.alterTable('identity_providers').addColumn('encryption_key', 'text').execute();
  for (const column of ['saml_provider', 'saml_name_id', 'saml_name_id_format', 'saml_session_index'])
    await db.schema.alterTable('login_sessions').addColumn(column, 'text').execute();
  await db.schema
    .createIndex('login_sessions_by_saml_subject')
    .on('login_sessions')
    .columns(['pool_id', 'saml_provider', 'saml_name_id'])
    .execute();
}
