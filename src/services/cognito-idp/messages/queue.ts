// Queues a user pool's message in the caller's transaction: rendered, addressed, from the pool's
// sender. The outbox wakes the delivery worker once the transaction commits.
import { LimitExceededException } from '../../../generated/cognito-idp/errors.js';
import { afterCommit, type Tx } from '../../../store/store.js';
import { newUuid } from '../../../crypto/ids.js';
import { customSenderFor, sendThroughCustomSender, type CustomSend } from '../triggers/custom-sender.js';
import { quotaUsed, takeQuota } from '../../../store/quota.js';
import type { Deps } from '../../context.js';
import type { Pool } from '../pools/store.js';
import type { User } from '../users/store.js';
import type { Channel } from './channels.js';
import { renderEmail, renderSms, type Activity, type Vars } from './templates.js';
import { sendPoolSms, type SmsGateOptions } from './sms-gate.js';
import { sendPoolEmail, type EmailGateOptions } from './email-gate.js';
import { COGNITO_DEFAULT_FROM, defaultEmailScope } from './default-sender.js';

/**
 * The From of a pool's email: its configured From, else its SES identity (with COGNITO_DEFAULT a
 * SourceArn is only a custom sender address: docs/reference/cognito-messaging-facts.md §1.2), else Cognito's sender.
 */
export function emailSender(pool: Pool): string {
  const c = pool.config.EmailConfiguration;
  if (c?.From) return c.From;
  if (c?.SourceArn) return c.SourceArn.slice(c.SourceArn.indexOf(':identity/') + ':identity/'.length);
  return COGNITO_DEFAULT_FROM;
}

/** Cognito's words when its default sender's daily quota is spent (aws-amplify/amplify-cli#7412). */
export const DAILY_EMAIL_LIMIT_MESSAGE =
  'Exceeded daily email limit for the operation or the account. If a higher limit is required, please configure your user pool to use your own Amazon SES configuration for sending email.';

/**
 * Counts one email against the default sender's daily quota of the pool's account and region
 * (UTC days); false when the quota is spent. Never more than the quota however many send at once
 * (src/store/quota.ts). Not an error inside the transaction (a failed statement would abort it on
 * PostgreSQL).
 */
function countDefaultEmail(trx: Tx, pool: Pool, limit: number, now: number): Promise<boolean> {
  return takeQuota(trx, defaultEmailScope(pool.account, pool.region), utcDay(now), limit);
}

const utcDay = (now: number) => new Date(now).toISOString().slice(0, 10);
const viaDefaultSender = (pool: Pool) =>
  (pool.config.EmailConfiguration?.EmailSendingAccount ?? 'COGNITO_DEFAULT') === 'COGNITO_DEFAULT';

/**
 * For a delivery shown but never made (a client hiding user existence answering for a name that
 * is no user): the refusal a real email would meet, the default sender's spent daily quota, so
 * that past the quota a made-up name is refused as a user is.
 */
export async function refuseAsSpentQuota(
  trx: Tx,
  pool: Pool,
  medium: string | undefined,
  now: number,
  opts: QueueOptions,
): Promise<void> {
  if (medium !== 'EMAIL' || !viaDefaultSender(pool)) return;
  const used = await quotaUsed(trx, defaultEmailScope(pool.account, pool.region), utcDay(now));
  if (used >= opts.dailyEmailQuota) throw new LimitExceededException(DAILY_EMAIL_LIMIT_MESSAGE);
}

export interface QueueOptions extends SmsGateOptions, EmailGateOptions {
  /** the default sender's daily quota (config.defaultEmailDailyQuota) */
  dailyEmailQuota: number;
  /** hands a code to the pool's CustomEmailSender / CustomSMSSender, after commit (triggers/custom-sender.ts) */
  customSender?: (call: CustomSend) => void;
}

/** The server's settings that bound what it sends. */
export const queueOptions = (deps: Deps): QueueOptions => ({
  dailyEmailQuota: deps.config.defaultEmailDailyQuota,
  cognitoSms: deps.config.cognitoSms,
  cognitoEmail: deps.config.cognitoEmail,
  sesProductionQuota: deps.config.sesProductionQuota,
  customSender: (call) =>
    void sendThroughCustomSender(deps, call).catch((e: unknown) =>
      deps.log.warn({ err: e, pool: call.pool.id, trigger: call.sender }, 'custom sender failed'),
    ),
});

/**
 * Queues the message. Throws LimitExceededException when the pool sends through Cognito's default
 * sender and its daily quota is spent; nothing is queued then, and the caller's transaction may
 * still commit its own change (SignUp keeps the user, as AWS does).
 */
export async function queueMessage(
  trx: Tx,
  pool: Pool,
  user: User,
  channel: Channel,
  activity: Activity,
  vars: Omit<Vars, 'username'>,
  now: number,
  opts: QueueOptions,
): Promise<string> {
  // A pool with a custom sender for this medium sends nothing itself: the function gets the code
  // once this transaction has committed (nothing leaves the process inside it).
  const sender = customSenderFor(pool, channel.medium);
  if (sender && opts.customSender) {
    const send = opts.customSender;
    afterCommit(trx, () => send({ pool, user, sender, activity, code: vars.code }));
    return newUuid();
  }
  const base = {
    account: pool.account,
    region: pool.region,
    poolId: pool.id,
    userSub: user.sub,
    activity,
    destination: channel.address,
  };
  const full: Vars = { ...vars, username: user.username };
  if (channel.medium === 'EMAIL') {
    if (viaDefaultSender(pool) && !(await countDefaultEmail(trx, pool, opts.dailyEmailQuota, now))) {
      throw new LimitExceededException(DAILY_EMAIL_LIMIT_MESSAGE);
    }
    const email = renderEmail(pool, activity, full);
    return sendPoolEmail(
      trx,
      pool,
      {
        ...base,
        channel: 'email',
        sender: emailSender(pool),
        replyTo: pool.config.EmailConfiguration?.ReplyToEmailAddress ?? null,
        subject: email.subject,
        bodyText: email.text,
        bodyHtml: email.html,
      },
      now,
      opts,
    );
  }
  return sendPoolSms(
    trx,
    pool,
    { ...base, channel: 'sms', sender: null, subject: null, bodyText: renderSms(pool, activity, full) },
    now,
    opts,
  );
}
