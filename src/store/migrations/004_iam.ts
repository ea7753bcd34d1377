// IAM, the part Cognito needs: roles with their trust policy, inline role policies, customer
// managed policies and which roles they are attached to. IAM is global: rows carry the account
// and no region. Names IAM compares without regard to case (role and managed-policy names,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names)
// are keyed by their lower-cased form, so the database refuses a second "MyRole" beside "myrole"
// even between concurrent creators. Policy documents are kept as submitted (IAM returns them so).
// STS's sessions live here too: they are IAM roles' sessions.
import { sql, type Kysely } from '../kysely.js';
import type { Dialect } from '../dialect.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const key = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;

  await db.schema
    .createTable('iam_roles')
    .addColumn('account', key, (c) => c.notNull())
    .addColumn('name_key', key, (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role_id', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('trust_policy', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('max_session_duration', 'integer', (c) => c.notNull())
    .addColumn('permissions_boundary', 'text')
    // JSON list of {Key, Value}, or NULL when the role has none
    .addColumn('tags', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .addColumn('last_used_region', 'text')
    .addPrimaryKeyConstraint('iam_roles_pk', ['account', 'name_key'])
    .execute();
  await db.schema.createIndex('iam_roles_by_path').on('iam_roles').columns(['account', 'path', 'name_key']).execute();

  await db.schema
    .createTable('iam_role_policies')
    .addColumn('account', key, (c) => c.notNull())
    .addColumn('role_key', key, (c) => c.notNull())
    .addColumn('policy_name', key, (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_role_policies_pk', ['account', 'role_key', 'policy_name'])
    .execute();

  await db.schema
    .createTable('iam_policies')
    .addColumn('account', key, (c) => c.notNull())
    .addColumn('arn', key, (c) => c.notNull())
    .addColumn('name_key', key, (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('policy_id', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('tags', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_policies_pk', ['account', 'arn'])
    .execute();
  // A managed policy's name is unique in its account whatever its path.
  await db.schema
    .createIndex('iam_policies_by_name')
    .unique()
    .on('iam_policies')
    .columns(['account', 'name_key'])
    .execute();

  await db.schema
    .createTable('iam_role_attachments')
    .addColumn('account', key, (c) => c.notNull())
    .addColumn('role_key', key, (c) => c.notNull())
    .addColumn('policy_arn', key, (c) => c.notNull())
    .addColumn('attached_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('iam_role_attachments_pk', ['account', 'role_key', 'policy_arn'])
    .execute();
  // Temporary credentials STS AssumeRole issued, so GetCallerIdentity can name the session. The
  // secret is never kept: cognate does not verify signatures.
  await db.schema
    .createTable('sts_sessions')
    .addColumn('access_key', key, (c) => c.primaryKey())
    .addColumn('account', key, (c) => c.notNull())
    .addColumn('arn', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sts_sessions_by_expiry').on('sts_sessions').columns(['expires_at']).execute();

  await db.schema
    .createIndex('iam_role_attachments_by_policy')
    .on('iam_role_attachments')
    .columns(['account', 'policy_arn'])
    .execute();
}
