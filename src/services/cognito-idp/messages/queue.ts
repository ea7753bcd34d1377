// Queues a user pool's message in the caller's transaction: rendered, addressed, from the pool's
// sender. The caller wakes the delivery worker after commit (deps.messagesQueued()).
import { enqueue } from '../../../messaging/outbox.js';
import type { Tx } from '../../../store/store.js';
import type { Pool } from '../pools/store.js';
import type { User } from '../users/store.js';
import type { Channel } from './channels.js';
import { renderEmail, renderSms, type Activity, type Vars } from './templates.js';

/** Cognito's default sender (COGNITO_DEFAULT). */
export const COGNITO_DEFAULT_FROM = 'no-reply@verificationemail.com';

/**
 * The From of a pool's email: its configured From, else its SES identity (with COGNITO_DEFAULT a
 * SourceArn is only a custom sender address: cognito-messaging-facts §1.2), else Cognito's sender.
 */
export function emailSender(pool: Pool): string {
  const c = pool.config.EmailConfiguration;
  if (c?.From) return c.From;
  if (c?.SourceArn) return c.SourceArn.slice(c.SourceArn.indexOf(':identity/') + ':identity/'.length);
  return COGNITO_DEFAULT_FROM;
}

export async function queueMessage(trx: Tx, pool: Pool, user: User, channel: Channel, activity: Activity, vars: Omit<Vars, 'username'>, now: number): Promise<string> {
  const base = { account: pool.account, region: pool.region, poolId: pool.id, userSub: user.sub, activity, destination: channel.address };
  const full: Vars = { ...vars, username: user.username };
  if (channel.medium === 'EMAIL') {
    const email = renderEmail(pool, activity, full);
    return enqueue(trx, {
      ...base, channel: 'email', sender: emailSender(pool), replyTo: pool.config.EmailConfiguration?.ReplyToEmailAddress ?? null,
      subject: email.subject, bodyText: email.text, bodyHtml: email.html,
    }, now);
  }
  return enqueue(trx, { ...base, channel: 'sms', sender: null, subject: null, bodyText: renderSms(pool, activity, full) }, now);
}
