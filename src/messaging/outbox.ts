// The outbox: a message row is written in the same transaction as the state change that causes
// it, so a committed change always has its message and a rolled-back one never does. Nothing
// leaves the process inside a transaction; the delivery worker picks rows up after commit, woken
// by the transaction's after-commit hook (or, in a `cognate worker` process, by its poll).
import { afterCommit, type Store, type Tx } from '../store/store.js';
import { storeKey } from '../store/prepared.js';
import { newUuid } from '../crypto/ids.js';
import { logDeliveryFailure } from './delivery-log.js';

export interface NewMessage {
  account: string;
  region: string;
  poolId: string | null;
  userSub: string | null;
  activity: string;
  channel: 'email' | 'sms';
  destination: string;
  sender: string | null;
  replyTo?: string | null;
  subject: string | null;
  bodyText: string;
  bodyHtml?: string | null;
  /** the provider refused it at hand-over (SNS's spend limit, sandbox, ...): stored as failed with this reason, never delivered */
  refused?: string;
}

/** What a provider (SES, SNS) did with a message handed to it: its id, and why it refused it, if it did. */
export interface Sent<Refusal = string> {
  messageId: string;
  refused?: Refusal;
}

export const MAX_ATTEMPTS = 8;

/** The delivery worker's wake-up, per store (a transaction's handle finds its store's through storeKey). */
const wakers = new WeakMap<object, () => void>();

/** Calls `wake` after every commit that queued a message to deliver in this store. */
export function wakeOnQueued(store: Store, wake: () => void): void {
  wakers.set(storeKey(store.db), wake);
}

/** Writes the message in the caller's transaction; once it commits, the worker is woken to deliver it. */
export async function enqueue(trx: Tx, msg: NewMessage, now: number): Promise<string> {
  const id = newUuid();
  await trx
    .insertInto('messages')
    .values({
      id,
      account: msg.account,
      region: msg.region,
      pool_id: msg.poolId,
      user_sub: msg.userSub,
      activity: msg.activity,
      channel: msg.channel,
      destination: msg.destination,
      sender: msg.sender,
      reply_to: msg.replyTo ?? null,
      subject: msg.subject,
      body_text: msg.refused ? '[redacted: refused, never sent]' : msg.bodyText,
      body_html: msg.bodyHtml ?? null,
      status: msg.refused ? 'failed' : 'queued',
      attempts: 0,
      max_attempts: MAX_ATTEMPTS,
      next_attempt_at: now,
      lease_until: null,
      last_error: msg.refused ?? null,
      created_at: now,
      updated_at: now,
      delivered_at: null,
    })
    .execute();
  if (msg.refused && msg.poolId)
    await logDeliveryFailure(
      trx,
      {
        id,
        account: msg.account,
        region: msg.region,
        pool_id: msg.poolId,
        activity: msg.activity,
        channel: msg.channel,
      },
      msg.refused,
      now,
    );
  const wake = msg.refused ? undefined : wakers.get(storeKey(trx));
  if (wake) afterCommit(trx, wake);
  return id;
}
