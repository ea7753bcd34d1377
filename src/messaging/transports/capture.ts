// The capture transport: every message lands in cognate's own mailbox (email) or SMS outbox,
// readable over HTTP at /_aws/ses and /_aws/sns/sms-messages. The default transport.
import type { Store } from '../../store/store.js';
import type { MessageRow } from '../../store/tables/messaging.js';
import type { Transport } from '../transport.js';

interface Pending {
  m: MessageRow;
  at: number;
  done: (err?: unknown) => void;
}

export function captureTransport(store: Store, now: () => number): Transport {
  // Messages handed over in the same turn of the event loop are written with one INSERT: the
  // worker delivers many at once, and a statement (and on SQLite a commit) each was most of
  // what capturing cost. Each send still resolves only once its row is stored.
  const pending: Pending[] = [];
  let writing = false;
  const flush = () => {
    if (writing || pending.length === 0) return;
    const batch = pending.splice(0, 500);
    writing = true;
    // The message id is the mailbox row's key too: a redelivery after a lost acknowledgement
    // (at-least-once) finds its copy already there.
    store.db
      .insertInto('mailbox')
      .values(
        batch.map(({ m, at }) => ({
          id: m.id,
          message_id: m.id,
          channel: m.channel,
          account: m.account,
          region: m.region,
          source: m.sender ?? '',
          destination: JSON.stringify([m.destination]),
          subject: m.subject,
          body_text: m.body_text,
          body_html: m.body_html,
          created_at: at,
        })),
      )
      .onConflict((oc) => oc.column('id').doNothing())
      .execute()
      .then(
        () => {
          for (const p of batch) p.done();
        },
        (err: unknown) => {
          for (const p of batch) p.done(err);
        },
      )
      .finally(() => {
        writing = false;
        flush();
      });
  };
  return {
    name: 'capture',
    send(m: MessageRow) {
      return new Promise<void>((resolve, reject) => {
        if (pending.push({ m, at: now(), done: (err) => (err ? reject(err) : resolve()) }) === 1) setImmediate(flush);
      });
    },
  };
}
