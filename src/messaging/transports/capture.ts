// The capture transport: every message lands in cognate's own mailbox (email) or SMS outbox,
// readable over HTTP at /_aws/ses and /_aws/sns/sms-messages. The default transport.
import type { Store } from '../../store/store.js';
import type { MessageRow } from '../../store/schema.js';
import type { Transport } from '../transport.js';

export function captureTransport(store: Store, now: () => number): Transport {
  return {
    name: 'capture',
    async send(m: MessageRow) {
      // The message id is the mailbox row's key too: a redelivery after a lost acknowledgement
      // (at-least-once) finds its copy already there.
      await store.db.insertInto('mailbox').values({
        id: m.id, message_id: m.id, channel: m.channel, account: m.account, region: m.region,
        source: m.sender ?? '', destination: JSON.stringify([m.destination]), subject: m.subject,
        body_text: m.body_text, body_html: m.body_html, created_at: now(),
      }).onConflict((oc) => oc.column('id').doNothing()).execute();
    },
  };
}
