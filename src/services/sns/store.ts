// SNS's SMS state per account and region. Every query filters on both: SNS's SMS settings,
// sandbox, opt-outs and spend are regional (developer guide, "SMS sandbox": "per AWS Region").
import type { Db, Store, Tx } from '../../store/store.js';
import type { OriginationType, SnsOriginationNumberRow } from '../../store/tables/sns.js';

export type { Scope } from '../../kernel/caller.js';
import type { Scope } from '../../kernel/caller.js';

export interface SmsAccount {
  inSandbox: boolean;
  /** the most MonthlySpendLimit may be (USD); AWS raises it through a support case */
  spendQuotaUsd: number;
  /** what SetSMSAttributes set; MonthlySpendLimit is "1" until set (recorded, docs/reference/aws-recorded.md §2.3) */
  attributes: Record<string, string>;
}

/** New accounts' SMS spend quota, USD a month (SNS developer guide; recorded as MonthlySpendLimit "1", docs/reference/aws-recorded.md §2.3). */
export const DEFAULT_SPEND_QUOTA_USD = 1;

export async function smsAccount(db: Db | Tx, s: Scope): Promise<SmsAccount> {
  const row = await db
    .selectFrom('sns_sms_accounts')
    .selectAll()
    .where('account', '=', s.account)
    .where('region', '=', s.region)
    .executeTakeFirst();
  return {
    inSandbox: row ? row.in_sandbox === 1 : true,
    spendQuotaUsd: row?.spend_quota_usd ?? DEFAULT_SPEND_QUOTA_USD,
    attributes: row ? JSON.parse(row.attributes) : {},
  };
}

/**
 * The limit SNS holds the month's SMS to, USD: MonthlySpendLimit where set, else the quota ("by
 * default, the spend limit is set to the maximum allowed", SetSMSAttributes), never above the quota.
 */
export function monthlyLimitUsd(a: SmsAccount): number {
  const set = a.attributes.MonthlySpendLimit;
  return set === undefined ? a.spendQuotaUsd : Math.min(Number(set), a.spendQuotaUsd);
}

async function putAccount(db: Db | Tx, s: Scope, next: SmsAccount, now: number): Promise<void> {
  const values = {
    in_sandbox: next.inSandbox ? 1 : 0,
    spend_quota_usd: next.spendQuotaUsd,
    attributes: JSON.stringify(next.attributes),
    updated_at: now,
  };
  await db
    .insertInto('sns_sms_accounts')
    .values({ account: s.account, region: s.region, ...values })
    .onConflict((oc) => oc.columns(['account', 'region']).doUpdateSet(values))
    .execute();
}

/**
 * Takes the Region's settings row for the rest of the transaction (creating it with the defaults):
 * on PostgreSQL the row lock makes concurrent changes of one account and Region (such as adding a
 * sandbox number under the limit of 10) take turns; SQLite's write transaction already does.
 */
export async function lockAccount(trx: Tx, s: Scope, now: number): Promise<void> {
  await trx
    .insertInto('sns_sms_accounts')
    .values({
      account: s.account,
      region: s.region,
      in_sandbox: 1,
      spend_quota_usd: DEFAULT_SPEND_QUOTA_USD,
      attributes: '{}',
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.columns(['account', 'region']).doUpdateSet((eb) => ({ updated_at: eb.ref('sns_sms_accounts.updated_at') })),
    )
    .execute();
}

/** Merges attributes into the Region's settings (read and write in one transaction). */
export function setAttributes(store: Store, s: Scope, attributes: Record<string, string>, now: number): Promise<void> {
  return store.tx(async (trx) => {
    await lockAccount(trx, s, now);
    const current = await smsAccount(trx, s);
    await putAccount(trx, s, { ...current, attributes: { ...current.attributes, ...attributes } }, now);
  });
}

/** The operator's switch: AWS moves an account out of the sandbox after a support case. */
/** The operator's switch for the spend quota (AWS Support raises it on request). */
export function setSpendQuota(store: Store, s: Scope, usd: number, now: number): Promise<void> {
  return store.tx(async (trx) => {
    await lockAccount(trx, s, now);
    const current = await smsAccount(trx, s);
    await putAccount(trx, s, { ...current, spendQuotaUsd: usd }, now);
  });
}

export function setSandbox(store: Store, s: Scope, inSandbox: boolean, now: number): Promise<void> {
  return store.tx(async (trx) => {
    await lockAccount(trx, s, now);
    const current = await smsAccount(trx, s);
    await putAccount(trx, s, { ...current, inSandbox }, now);
  });
}

export const monthOf = (now: number) => new Date(now).toISOString().slice(0, 7);

/** The month's spend so far, in millionths of a dollar, and how many SMS it paid for. */
export async function spendThisMonth(
  db: Db | Tx,
  s: Scope,
  now: number,
): Promise<{ microUsd: number; messages: number }> {
  const row = await db
    .selectFrom('sns_sms_spend')
    .select(['spent_micro_usd', 'messages'])
    .where('account', '=', s.account)
    .where('region', '=', s.region)
    .where('month', '=', monthOf(now))
    .executeTakeFirst();
  return { microUsd: Number(row?.spent_micro_usd ?? 0), messages: Number(row?.messages ?? 0) };
}

/**
 * Charges one SMS to the month's spend if it stays within the limit. Race semantics: the
 * increment is one conditional upsert, so concurrent senders can never pass the limit together;
 * false when the SMS would exceed it (and nothing is charged).
 */
export async function charge(
  trx: Tx,
  s: Scope,
  priceMicroUsd: number,
  limitMicroUsd: number,
  now: number,
): Promise<boolean> {
  if (priceMicroUsd > limitMicroUsd) return false;
  const row = await trx
    .insertInto('sns_sms_spend')
    .values({ account: s.account, region: s.region, month: monthOf(now), spent_micro_usd: priceMicroUsd, messages: 1 })
    .onConflict((oc) =>
      oc
        .columns(['account', 'region', 'month'])
        .doUpdateSet((eb) => ({
          spent_micro_usd: eb('sns_sms_spend.spent_micro_usd', '+', priceMicroUsd),
          messages: eb('sns_sms_spend.messages', '+', 1),
        }))
        .where('sns_sms_spend.spent_micro_usd', '<=', limitMicroUsd - priceMicroUsd),
    )
    .returning('messages')
    .executeTakeFirst();
  return row !== undefined;
}

// ---- opt-outs -------------------------------------------------------------------------------

export async function isOptedOut(db: Db | Tx, s: Scope, number: string): Promise<boolean> {
  const row = await db
    .selectFrom('sns_opt_outs')
    .select('opted_out')
    .where('account', '=', s.account)
    .where('region', '=', s.region)
    .where('phone_number', '=', number)
    .executeTakeFirst();
  return row?.opted_out === 1;
}

/** A recipient replied STOP (in cognate: the operator or a test says so). */
export async function optOut(db: Db, s: Scope, number: string, now: number): Promise<void> {
  await db
    .insertInto('sns_opt_outs')
    .values({
      account: s.account,
      region: s.region,
      phone_number: number,
      opted_out: 1,
      opted_out_at: now,
      opted_in_at: null,
    })
    .onConflict((oc) =>
      oc.columns(['account', 'region', 'phone_number']).doUpdateSet({ opted_out: 1, opted_out_at: now }),
    )
    .execute();
}

export async function optOutRow(db: Db, s: Scope, number: string) {
  return db
    .selectFrom('sns_opt_outs')
    .selectAll()
    .where('account', '=', s.account)
    .where('region', '=', s.region)
    .where('phone_number', '=', number)
    .executeTakeFirst();
}

export async function optIn(db: Db, s: Scope, number: string, now: number): Promise<void> {
  await db
    .updateTable('sns_opt_outs')
    .set({ opted_out: 0, opted_in_at: now })
    .where('account', '=', s.account)
    .where('region', '=', s.region)
    .where('phone_number', '=', number)
    .execute();
}

/** Opted-out numbers in order, a page at a time after `after`. */
export async function optedOutPage(db: Db, s: Scope, after: string | undefined, limit: number): Promise<string[]> {
  let q = db
    .selectFrom('sns_opt_outs')
    .select('phone_number')
    .where('account', '=', s.account)
    .where('region', '=', s.region)
    .where('opted_out', '=', 1);
  if (after !== undefined) q = q.where('phone_number', '>', after);
  return (await q.orderBy('phone_number').limit(limit).execute()).map((r) => r.phone_number);
}

// ---- origination identities -------------------------------------------------------------------

/** SNS's fixed preference when a Region has several kinds (Cognito developer guide, "SMS message settings"). */
export const ORIGINATION_PREFERENCE: OriginationType[] = ['SHORT_CODE', 'TEN_DLC', 'TOLL_FREE'];

export async function originationNumbers(db: Db | Tx, s: Scope, country?: string): Promise<SnsOriginationNumberRow[]> {
  let q = db
    .selectFrom('sns_origination_numbers')
    .selectAll()
    .where('account', '=', s.account)
    .where('region', '=', s.region);
  if (country) q = q.where('iso2_country', '=', country);
  const rows = await q.orderBy('created_at').orderBy('phone_number').execute();
  return rows.sort(
    (a, b) => ORIGINATION_PREFERENCE.indexOf(a.number_type) - ORIGINATION_PREFERENCE.indexOf(b.number_type),
  );
}

export async function addOriginationNumber(db: Db, row: SnsOriginationNumberRow): Promise<void> {
  await db
    .insertInto('sns_origination_numbers')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['account', 'region', 'phone_number'])
        .doUpdateSet({ number_type: row.number_type, iso2_country: row.iso2_country, route_type: row.route_type }),
    )
    .execute();
}

export async function removeOriginationNumber(db: Db, s: Scope, number: string): Promise<boolean> {
  const r = await db
    .deleteFrom('sns_origination_numbers')
    .where('account', '=', s.account)
    .where('region', '=', s.region)
    .where('phone_number', '=', number)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
