// An account's SES state in one Region: the sandbox, production access and its review, the quotas.
// Every new account starts in the sandbox: 200 messages a day, 1 a second, verified recipients only
// (https://docs.aws.amazon.com/ses/latest/dg/request-production-access.html; GetSendQuota recorded
// as 200.0 / 1.0 on a sandbox account: docs/reference/aws-recorded.md §1.1).
import { randomInt } from 'node:crypto';
import type { Db, Tx } from '../../store/store.js';
import type { Config } from '../../config.js';
import type { Scope } from './identities.js';

export const SANDBOX_QUOTA = { max24HourSend: 200, maxSendRate: 1 };
const DAY_MS = 24 * 3600_000;

export type ReviewStatus = 'PENDING' | 'GRANTED' | 'DENIED' | 'FAILED';

export interface AccountDetails {
  MailType: string;
  WebsiteURL: string;
  ContactLanguage?: string;
  UseCaseDescription?: string;
  AdditionalContactEmailAddresses?: string[];
}

export interface SesAccount {
  production: boolean;
  review: { status: ReviewStatus; caseId: string } | null;
  details: AccountDetails | null;
  quota: { max24HourSend: number; maxSendRate: number };
}

export async function getAccount(
  db: Db | Tx,
  scope: Scope,
  config: Pick<Config, 'sesProductionQuota'>,
): Promise<SesAccount> {
  const row = await db
    .selectFrom('ses_accounts')
    .selectAll()
    .where('account', '=', scope.account)
    .where('region', '=', scope.region)
    .executeTakeFirst();
  const production = row?.production === 1;
  return {
    production,
    review: row?.review_status ? { status: row.review_status as ReviewStatus, caseId: row.review_case_id ?? '' } : null,
    details: row?.details ? (JSON.parse(row.details) as AccountDetails) : null,
    quota: production ? config.sesProductionQuota : SANDBOX_QUOTA,
  };
}

/** Recipients accepted in the 24 hours before `now` (SES quotas count recipients, not messages). */
export async function sentLast24Hours(db: Db | Tx, scope: Scope, now: number): Promise<number> {
  const row = await db
    .selectFrom('ses_sends')
    .select((eb) => eb.fn.sum<number | string | null>('recipients').as('n'))
    .where('account', '=', scope.account)
    .where('region', '=', scope.region)
    .where('sent_at', '>', now - DAY_MS)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Makes sure the account's row exists, so it can be locked and updated. */
async function ensureRow(trx: Tx, scope: Scope, now: number): Promise<void> {
  await trx
    .insertInto('ses_accounts')
    .values({ account: scope.account, region: scope.region, production: 0, rate_busy_until: 0, updated_at: now })
    .onConflict((oc) => oc.columns(['account', 'region']).doNothing())
    .execute();
}

/**
 * Takes the account's row for the rest of the transaction: on PostgreSQL the update's row lock
 * makes concurrent senders of one account and Region check and count one after the other (each
 * later statement sees what the one before committed); SQLite's write transaction is exclusive.
 */
export async function lockAccount(trx: Tx, scope: Scope, now: number): Promise<{ busyUntil: number }> {
  await ensureRow(trx, scope, now);
  const row = await trx
    .updateTable('ses_accounts')
    .set((eb) => ({ rate_busy_until: eb.ref('rate_busy_until') }))
    .where('account', '=', scope.account)
    .where('region', '=', scope.region)
    .returning(['rate_busy_until'])
    .executeTakeFirstOrThrow();
  return { busyUntil: Number(row.rate_busy_until) };
}

/** Records an accepted message of `recipients` recipients; call after lockAccount in the same transaction. */
export async function recordSend(
  trx: Tx,
  scope: Scope,
  recipients: number,
  busyUntil: number,
  now: number,
): Promise<void> {
  await trx
    .updateTable('ses_accounts')
    .set({ rate_busy_until: busyUntil, updated_at: now })
    .where('account', '=', scope.account)
    .where('region', '=', scope.region)
    .execute();
  await trx
    .insertInto('ses_sends')
    .values({ account: scope.account, region: scope.region, sent_at: now, recipients })
    .execute();
  // GetSendStatistics covers two weeks; older rows serve nothing.
  await trx
    .deleteFrom('ses_sends')
    .where('account', '=', scope.account)
    .where('region', '=', scope.region)
    .where('sent_at', '<', now - 15 * DAY_MS)
    .execute();
}

/**
 * PutAccountDetails: stores the details and, unless ProductionAccessEnabled is false, requests
 * production access: granted at once (`--ses-production-access auto`, the default) or left
 * PENDING for an operator (`manual`; `cognate ses review --grant|--deny`).
 */
export async function putAccountDetails(
  store: { tx<T>(fn: (trx: Tx) => Promise<T>): Promise<T> },
  scope: Scope,
  details: AccountDetails,
  requestProduction: boolean,
  config: Pick<Config, 'sesProductionAccess'>,
  now: number,
): Promise<void> {
  await store.tx(async (trx) => {
    await ensureRow(trx, scope, now);
    const current = await trx
      .selectFrom('ses_accounts')
      .selectAll()
      .where('account', '=', scope.account)
      .where('region', '=', scope.region)
      .executeTakeFirstOrThrow();
    const review =
      requestProduction && current.production !== 1
        ? {
            review_status: config.sesProductionAccess === 'auto' ? 'GRANTED' : 'PENDING',
            review_case_id: String(randomInt(1e9, 1e10)),
          }
        : {};
    await trx
      .updateTable('ses_accounts')
      .set({
        details: JSON.stringify(details),
        ...review,
        ...(review.review_status === 'GRANTED' ? { production: 1 } : {}),
        updated_at: now,
      })
      .where('account', '=', scope.account)
      .where('region', '=', scope.region)
      .execute();
  });
}

/** The operator's decision on a pending production access request; false when none is pending. */
export async function decideReview(db: Db, scope: Scope, grant: boolean, now: number): Promise<boolean> {
  const r = await db
    .updateTable('ses_accounts')
    .set({ review_status: grant ? 'GRANTED' : 'DENIED', ...(grant ? { production: 1 } : {}), updated_at: now })
    .where('account', '=', scope.account)
    .where('region', '=', scope.region)
    .where('review_status', '=', 'PENDING')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Sends per 15-minute interval over the last two weeks (GetSendStatistics' data points). */
export async function sendStatistics(db: Db, scope: Scope, now: number): Promise<{ at: number; attempts: number }[]> {
  const rows = await db
    .selectFrom('ses_sends')
    .select(['sent_at', 'recipients'])
    .where('account', '=', scope.account)
    .where('region', '=', scope.region)
    .where('sent_at', '>', now - 14 * DAY_MS)
    .orderBy('sent_at')
    .execute();
  const buckets = new Map<number, number>();
  for (const r of rows) {
    const at = Math.floor(Number(r.sent_at) / 900_000) * 900_000;
    buckets.set(at, (buckets.get(at) ?? 0) + r.recipients);
  }
  return [...buckets].map(([at, attempts]) => ({ at, attempts }));
}
