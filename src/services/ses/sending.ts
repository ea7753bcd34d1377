// Whether SES accepts a message, and handing it to the messaging plane. The rules, in AWS's order:
// every sender ("From", "Source", "Return-Path") must be verified; in the sandbox every recipient
// too (or be the mailbox simulator); then the sending rate and the 24-hour quota, which count
// recipients (https://docs.aws.amazon.com/ses/latest/dg/request-production-access.html,
// https://docs.aws.amazon.com/ses/latest/dg/quotas.html). The texts are AWS's
// (docs/reference/aws-recorded.md §1.4; docs/reference/cognito-messaging-facts.md §2.4).
import type { Tx } from '../../store/store.js';
import type { Config } from '../../config.js';
import { enqueue, type Sent } from '../../messaging/outbox.js';
import { unverifiedAddresses, isSimulator, type Scope } from './identities.js';
import { getAccount, lockAccount, recordSend, sentLast24Hours } from './account.js';

export type Refusal =
  | { kind: 'unverified'; message: string }
  | { kind: 'rate'; message: string }
  | { kind: 'daily'; message: string };

/** `Email address is not verified. The following identities failed the check in region US-EAST-1: a, b` */
export function notVerifiedMessage(region: string, identities: string[]): string {
  return `Email address is not verified. The following identities failed the check in region ${region.toUpperCase()}: ${identities.join(', ')}`;
}

export const RATE_EXCEEDED = 'Maximum sending rate exceeded.';
export const DAILY_EXCEEDED = 'Daily message quota exceeded.';

/**
 * Checks the message against the account's identities, sandbox and quotas and, when it passes,
 * counts it. Runs in the caller's transaction after locking the account's row, so concurrent
 * senders cannot pass a quota together. Returns why SES refuses it, or null.
 */
async function admit(
  trx: Tx,
  scope: Scope,
  env: Pick<OutgoingEmail, 'senders' | 'recipients'>,
  config: Pick<Config, 'sesProductionQuota'>,
  now: number,
): Promise<Refusal | null> {
  const lock = await lockAccount(trx, scope, now);
  const account = await getAccount(trx, scope, config);
  const failing = await unverifiedAddresses(trx, scope, env.senders, now);
  if (!account.production) {
    const outside = env.recipients.filter((r) => !isSimulator(r));
    failing.push(...(await unverifiedAddresses(trx, scope, outside, now)).filter((r) => !failing.includes(r)));
  }
  if (failing.length) return { kind: 'unverified', message: notVerifiedMessage(scope.region, failing) };

  // SES lets a message through while any quota is left, and a message to several recipients then
  // counts them all: at 1 a second, one to five recipients is accepted and the next five seconds
  // are refused (AWS's SES blog on throttling, quoted in django-ses/django-ses#59). The rate is
  // kept as a debt: each recipient costs 1/MaxSendRate seconds, and a burst of MaxSendRate fits.
  const n = env.recipients.length;
  const cost = 1000 / account.quota.maxSendRate;
  if (lock.busyUntil - now > 1000 - cost) return { kind: 'rate', message: RATE_EXCEEDED };
  if ((await sentLast24Hours(trx, scope, now)) >= account.quota.max24HourSend)
    return { kind: 'daily', message: DAILY_EXCEEDED };
  await recordSend(trx, scope, n, Math.round(Math.max(lock.busyUntil, now) + n * cost), now);
  return null;
}

export interface OutgoingEmail {
  /** addresses that must be verified identities, as the caller gave them (a display name is echoed back) */
  senders: string[];
  source: string;
  recipients: string[];
  replyTo?: string | null;
  subject: string | null;
  text: string;
  html?: string | null;
  /** who asked: a user pool (and its user) or, by default, an SES caller */
  poolId?: string | null;
  userSub?: string | null;
  activity?: string;
  /** the account and Region the outbox rows are filed under: SES's own, unless a user pool's */
  filedUnder?: Scope;
}

/**
 * Sends an email under SES's rules in the caller's transaction, one outbox row per recipient (each
 * is delivered, retried and reported on its own); the first row's id is the message id. A message
 * SES refuses is written as failed with SES's reason and the refusal returned: a user pool's change
 * stands and its caller hears the reason after commit, while SES's own APIs answer it as an error,
 * which rolls the rows back with the rest of the transaction.
 */
export async function sendEmail(
  trx: Tx,
  scope: Scope,
  email: OutgoingEmail,
  config: Pick<Config, 'sesProductionQuota'>,
  now: number,
): Promise<Sent<Refusal>> {
  const refused = (await admit(trx, scope, email, config, now)) ?? undefined;
  const { account, region } = email.filedUnder ?? scope;
  let messageId = '';
  for (const to of email.recipients) {
    const id = await enqueue(
      trx,
      {
        account,
        region,
        poolId: email.poolId ?? null,
        userSub: email.userSub ?? null,
        activity: email.activity ?? 'ses_send',
        channel: 'email',
        destination: to,
        sender: email.source,
        replyTo: email.replyTo ?? null,
        subject: email.subject,
        bodyText: email.text,
        bodyHtml: email.html ?? null,
        refused: refused?.message,
      },
      now,
    );
    messageId ||= id;
  }
  return { messageId, refused };
}
