// SNS's SMS side, per account and region: the account's SMS settings and sandbox state, the
// sandbox's destination numbers with their one-time passwords, opted-out numbers, the month's
// spend, and the origination identities an operator provisions.
import { sql, type Kysely } from '../kysely.js';
import type { Dialect } from '../dialect.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const key = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;

  // No row: a Region never configured (in the sandbox, no attributes but the default limit).
  await db.schema
    .createTable('sns_sms_accounts')
    .addColumn('account', key, (c) => c.notNull())
    .addColumn('region', key, (c) => c.notNull())
    .addColumn('in_sandbox', 'integer', (c) => c.notNull())
    // the most MonthlySpendLimit may be, in whole USD: 1 for new accounts, raised by AWS Support (here: the operator)
    .addColumn('spend_quota_usd', 'integer', (c) => c.notNull())
    // SetSMSAttributes' attributes as set, JSON object
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('sns_sms_accounts_pk', ['account', 'region'])
    .execute();

  await db.schema
    .createTable('sns_sandbox_numbers')
    .addColumn('account', key, (c) => c.notNull())
    .addColumn('region', key, (c) => c.notNull())
    .addColumn('phone_number', key, (c) => c.notNull())
    // Pending | Verified
    .addColumn('status', 'text', (c) => c.notNull())
    // keyed hash of the one-time password; null once verified
    .addColumn('otp_hash', 'text')
    .addColumn('otp_expires_at', 'bigint')
    .addColumn('otp_attempts', 'integer', (c) => c.notNull())
    // one-time passwords sent since window_started_at (at most 5 in 24 hours)
    .addColumn('otp_sent', 'integer', (c) => c.notNull())
    .addColumn('window_started_at', 'bigint', (c) => c.notNull())
    // the last verification or verification attempt: deletion waits 24 hours after it
    .addColumn('last_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('sns_sandbox_numbers_pk', ['account', 'region', 'phone_number'])
    .execute();

  await db.schema
    .createTable('sns_opt_outs')
    .addColumn('account', key, (c) => c.notNull())
    .addColumn('region', key, (c) => c.notNull())
    .addColumn('phone_number', key, (c) => c.notNull())
    .addColumn('opted_out', 'integer', (c) => c.notNull())
    .addColumn('opted_out_at', 'bigint', (c) => c.notNull())
    // a number can be opted back in once in 30 days
    .addColumn('opted_in_at', 'bigint')
    .addPrimaryKeyConstraint('sns_opt_outs_pk', ['account', 'region', 'phone_number'])
    .execute();

  await db.schema
    .createTable('sns_sms_spend')
    .addColumn('account', key, (c) => c.notNull())
    .addColumn('region', key, (c) => c.notNull())
    // UTC month, YYYY-MM
    .addColumn('month', 'text', (c) => c.notNull())
    // millionths of a US dollar, so sums stay exact
    .addColumn('spent_micro_usd', 'bigint', (c) => c.notNull())
    .addColumn('messages', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('sns_sms_spend_pk', ['account', 'region', 'month'])
    .execute();

  await db.schema
    .createTable('sns_origination_numbers')
    .addColumn('account', key, (c) => c.notNull())
    .addColumn('region', key, (c) => c.notNull())
    .addColumn('phone_number', key, (c) => c.notNull())
    // SHORT_CODE | TEN_DLC | TOLL_FREE
    .addColumn('number_type', 'text', (c) => c.notNull())
    .addColumn('iso2_country', 'text', (c) => c.notNull())
    .addColumn('route_type', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('sns_origination_numbers_pk', ['account', 'region', 'phone_number'])
    .execute();
}
