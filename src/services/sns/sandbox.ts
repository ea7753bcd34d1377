// The SMS sandbox's destination numbers (developer guide, "Adding and verifying phone numbers in
// the SMS sandbox"): at most 10 per account and Region; each gets a one-time password by SMS,
// resent at most five times in 24 hours; a number can be deleted only 24 hours after its
// verification or last verification attempt.
import { codeMatches, hashCode, newCode } from '../../crypto/codes.js';
import type { Db, Tx } from '../../store/store.js';
import { lockAccount, type Scope } from './store.js';
import type { SnsSandboxNumberRow } from '../../store/tables/sns.js';

export const MAX_SANDBOX_NUMBERS = 10;
export const OTP_SENDS_PER_DAY = 5;
export const DAY_MS = 24 * 60 * 60 * 1000;
/** AWS does not publish the OTP's lifetime; the console offers a resend after 15 minutes. cognate keeps it a day. */
export const OTP_LIFETIME_MS = DAY_MS;
export const MAX_OTP_ATTEMPTS = 5;

const scopeOf = (s: Scope, number: string) => `sns-sandbox:${s.account}:${s.region}:${number}`;

const where = <Q extends { where: (column: 'account' | 'region' | 'phone_number', op: '=', value: string) => Q }>(
  q: Q,
  s: Scope,
  number: string,
): Q => q.where('account', '=', s.account).where('region', '=', s.region).where('phone_number', '=', number);

export async function sandboxNumber(db: Db | Tx, s: Scope, number: string): Promise<SnsSandboxNumberRow | undefined> {
  return where(db.selectFrom('sns_sandbox_numbers').selectAll(), s, number).executeTakeFirst();
}

export async function isVerified(db: Db | Tx, s: Scope, number: string): Promise<boolean> {
  return (await sandboxNumber(db, s, number))?.status === 'Verified';
}

export async function countNumbers(trx: Tx, s: Scope): Promise<number> {
  const r = await trx
    .selectFrom('sns_sandbox_numbers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account', '=', s.account)
    .where('region', '=', s.region)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export type OtpOutcome = { otp: string } | { refused: 'limit' | 'throttled' | 'verified' };

/**
 * Adds the number (Pending) or renews its one-time password, in the caller's transaction. Only the
 * keyed hash of the password is stored; the caller sends the password itself.
 */
export async function issueOtp(trx: Tx, key: Buffer, s: Scope, number: string, now: number): Promise<OtpOutcome> {
  await lockAccount(trx, s, now);
  const row = await sandboxNumber(trx, s, number);
  if (row?.status === 'Verified') return { refused: 'verified' };
  const otp = newCode(6);
  const otpHash = hashCode(key, scopeOf(s, number), otp);
  if (!row) {
    if ((await countNumbers(trx, s)) >= MAX_SANDBOX_NUMBERS) return { refused: 'limit' };
    await trx
      .insertInto('sns_sandbox_numbers')
      .values({
        account: s.account,
        region: s.region,
        phone_number: number,
        status: 'Pending',
        otp_hash: otpHash,
        otp_expires_at: now + OTP_LIFETIME_MS,
        otp_attempts: 0,
        otp_sent: 1,
        window_started_at: now,
        last_attempt_at: now,
        created_at: now,
      })
      .execute();
    return { otp };
  }
  const fresh = now - row.window_started_at >= DAY_MS;
  if (!fresh && row.otp_sent >= OTP_SENDS_PER_DAY) return { refused: 'throttled' };
  await where(trx.updateTable('sns_sandbox_numbers'), s, number)
    .set({
      otp_hash: otpHash,
      otp_expires_at: now + OTP_LIFETIME_MS,
      otp_attempts: 0,
      last_attempt_at: now,
      otp_sent: fresh ? 1 : row.otp_sent + 1,
      window_started_at: fresh ? now : row.window_started_at,
    })
    .execute();
  return { otp };
}

export type VerifyOutcome = 'verified' | 'unknown' | 'wrong';

/**
 * Checks the password. Race semantics: a wrong guess is counted by a conditional update below the
 * attempt limit, so concurrent guesses cannot pass it; the switch to Verified is one conditional
 * update on the hash that was checked, so a password verifies once.
 */
export async function verifyOtp(
  db: Db,
  key: Buffer,
  s: Scope,
  number: string,
  otp: string,
  now: number,
): Promise<VerifyOutcome> {
  const row = await sandboxNumber(db, s, number);
  if (!row) return 'unknown';
  if (row.status === 'Verified') return 'verified';
  const usable = row.otp_hash !== null && (row.otp_expires_at ?? 0) > now && row.otp_attempts < MAX_OTP_ATTEMPTS;
  if (usable && codeMatches(key, scopeOf(s, number), otp, row.otp_hash!)) {
    await where(db.updateTable('sns_sandbox_numbers'), s, number)
      .where('otp_hash', '=', row.otp_hash)
      .set({ status: 'Verified', otp_hash: null, otp_expires_at: null, last_attempt_at: now })
      .execute();
    return 'verified';
  }
  await where(db.updateTable('sns_sandbox_numbers'), s, number)
    .where('otp_attempts', '<', MAX_OTP_ATTEMPTS)
    .set((eb) => ({ otp_attempts: eb('otp_attempts', '+', 1), last_attempt_at: now }))
    .execute();
  return 'wrong';
}

export async function deleteNumber(db: Db, s: Scope, number: string): Promise<void> {
  await where(db.deleteFrom('sns_sandbox_numbers'), s, number).execute();
}

export async function numbersPage(
  db: Db,
  s: Scope,
  after: string | undefined,
  limit: number,
): Promise<SnsSandboxNumberRow[]> {
  let q = db
    .selectFrom('sns_sandbox_numbers')
    .selectAll()
    .where('account', '=', s.account)
    .where('region', '=', s.region);
  if (after !== undefined) q = q.where('phone_number', '>', after);
  return q.orderBy('phone_number').limit(limit).execute();
}
