// A user pool's log delivery (SetLogDeliveryConfiguration), its replicas in other Regions
// (CreateUserPoolReplica), its SAML signing certificate (GetSigningCertificate) and an account's
// provisioned request-rate limits (UpdateProvisionedLimit).
import { sql, type Kysely } from '../kysely.js';
import type { Dialect } from '../dialect.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const key = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  await db.schema
    .createTable('user_pool_log_configurations')
    .addColumn('pool_id', key, (c) => c.notNull())
    // userNotification | userAuthEvents: at most one configuration per source
    .addColumn('event_source', key, (c) => c.notNull())
    .addColumn('log_level', 'text', (c) => c.notNull())
    .addColumn('log_group_arn', 'text')
    .addColumn('s3_bucket_arn', 'text')
    .addColumn('firehose_stream_arn', 'text')
    // the position in the list as set, so Get answers in the order Set was given
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_pool_log_configurations_pk', ['pool_id', 'event_source'])
    .execute();
  await db.schema
    .createTable('user_pool_replicas')
    .addColumn('pool_id', key, (c) => c.notNull())
    .addColumn('region', key, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    // JSON object: UserPoolTags given for the replica
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_pool_replicas_pk', ['pool_id', 'region'])
    .execute();
  await db.schema
    .createTable('user_pool_saml_certificates')
    .addColumn('pool_id', key, (c) => c.notNull().primaryKey())
    // base64 DER, as GetSigningCertificate answers it
    .addColumn('certificate', 'text', (c) => c.notNull())
    // PKCS#8 PEM, sealed with the server key
    .addColumn('private_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('provisioned_limits')
    .addColumn('account', key, (c) => c.notNull())
    .addColumn('region', key, (c) => c.notNull())
    .addColumn('category', key, (c) => c.notNull())
    .addColumn('value', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('provisioned_limits_pk', ['account', 'region', 'category'])
    .execute();
}
