// SES: identities (email addresses and domains) and each account's sending state, per account and
// Region as in AWS (an identity verified in us-east-1 is unknown in eu-west-1; the sandbox is per
// Region: https://docs.aws.amazon.com/ses/latest/dg/request-production-access.html). Shared by the
// v1 (Query) and v2 (REST-JSON) APIs and by Cognito pools that send with DEVELOPER.
import { sql, type Kysely } from '../kysely.js';
import type { Dialect } from '../dialect.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const key = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;

  await db.schema
    .createTable('ses_identities')
    .addColumn('account', key, (c) => c.notNull())
    .addColumn('region', key, (c) => c.notNull())
    // email addresses as given (SES compares them case-sensitively), domains lower-cased
    .addColumn('identity', key, (c) => c.notNull())
    // EMAIL_ADDRESS | DOMAIN
    .addColumn('kind', 'text', (c) => c.notNull())
    // PENDING | SUCCESS | FAILED | TEMPORARY_FAILURE (v2's spelling; v1 shows Pending, Success, ...)
    .addColumn('status', 'text', (c) => c.notNull())
    // a domain's TXT token (public: it is published in DNS)
    .addColumn('verification_token', 'text')
    // keyed hash of the secret in an email identity's verification link
    .addColumn('link_hash', 'text')
    // Easy DKIM: JSON list of the three selectors, and their status
    .addColumn('dkim_tokens', 'text')
    .addColumn('dkim_status', 'text')
    // VerificationInfo.ErrorType of the last failed check
    .addColumn('error_type', 'text')
    .addColumn('last_checked_at', 'bigint')
    .addColumn('verified_at', 'bigint')
    // when the current verification attempt began (24 h for a link, 72 h for DNS, then Failed)
    .addColumn('pending_since', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('ses_identities_pk', ['account', 'region', 'identity'])
    .execute();

  await db.schema
    .createTable('ses_accounts')
    .addColumn('account', key, (c) => c.notNull())
    .addColumn('region', key, (c) => c.notNull())
    .addColumn('production', 'integer', (c) => c.notNull().defaultTo(0))
    // the production access request: PENDING | GRANTED | DENIED, and its details (JSON)
    .addColumn('review_status', 'text')
    .addColumn('review_case_id', 'text')
    .addColumn('details', 'text')
    // the sending rate as a debt: when the recipients accepted so far have been paid off (epoch ms)
    .addColumn('rate_busy_until', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('ses_accounts_pk', ['account', 'region'])
    .execute();

  // One row per accepted message: the 24-hour quota and GetSendStatistics count recipients from here.
  await db.schema
    .createTable('ses_sends')
    .addColumn('account', key, (c) => c.notNull())
    .addColumn('region', key, (c) => c.notNull())
    .addColumn('sent_at', 'bigint', (c) => c.notNull())
    .addColumn('recipients', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ses_sends_by_time').on('ses_sends').columns(['account', 'region', 'sent_at']).execute();
}
