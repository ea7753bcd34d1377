// The capture mailbox over HTTP, in LocalStack's shapes so tests written for LocalStack work
// unchanged: GET/DELETE /_aws/ses and GET/DELETE /_aws/sns/sms-messages.
import { sendJson, type Route } from '../kernel/route.js';
import type { Store } from '../store/store.js';
import type { MailboxRow } from '../store/tables/messaging.js';

/** LocalStack's Timestamp: UTC, ISO, seconds precision, no zone suffix. */
const timestamp = (ms: number) => new Date(ms).toISOString().slice(0, 19);

function sesMessage(r: MailboxRow) {
  return {
    Id: r.id,
    Region: r.region,
    Destination: { ToAddresses: JSON.parse(r.destination) },
    Source: r.source,
    Subject: r.subject,
    Body: { text_part: r.body_text, html_part: r.body_html },
    Timestamp: timestamp(r.created_at),
  };
}

export function mailboxRoutes(store: Store, defaultAccount: string): Route[] {
  return [
    {
      method: 'GET',
      path: '/_aws/ses',
      async handle(_req, res, url) {
        let q = store.db.selectFrom('mailbox').selectAll().where('channel', '=', 'email');
        const id = url.searchParams.get('id');
        const email = url.searchParams.get('email');
        if (id) q = q.where('id', '=', id);
        if (email) q = q.where('source', '=', email);
        const rows = await q.orderBy('created_at').orderBy('id').execute();
        sendJson(res, 200, { messages: rows.map(sesMessage) });
      },
    },
    {
      method: 'DELETE',
      path: '/_aws/ses',
      async handle(_req, res, url) {
        let q = store.db.deleteFrom('mailbox').where('channel', '=', 'email');
        const id = url.searchParams.get('id');
        if (id) q = q.where('id', '=', id);
        await q.execute();
        sendJson(res, 204);
      },
    },
    {
      method: 'GET',
      path: '/_aws/sns/sms-messages',
      async handle(_req, res, url) {
        const account = url.searchParams.get('accountId') ?? defaultAccount;
        const region = url.searchParams.get('region') ?? 'us-east-1';
        const phone = url.searchParams.get('phoneNumber');
        let q = store.db
          .selectFrom('mailbox')
          .selectAll()
          .where('channel', '=', 'sms')
          .where('account', '=', account)
          .where('region', '=', region);
        if (phone) q = q.where('destination', '=', JSON.stringify([phone]));
        const rows = await q.orderBy('created_at').orderBy('id').execute();
        const byNumber: Record<string, unknown[]> = {};
        for (const r of rows) {
          const number = JSON.parse(r.destination)[0] as string;
          (byNumber[number] ??= []).push({
            PhoneNumber: number,
            TopicArn: null,
            SubscriptionArn: null,
            MessageId: r.id,
            Message: r.body_text,
            MessageAttributes: {},
            MessageStructure: null,
            Subject: null,
          });
        }
        sendJson(res, 200, { sms_messages: byNumber, region });
      },
    },
    {
      method: 'DELETE',
      path: '/_aws/sns/sms-messages',
      async handle(_req, res, url) {
        const account = url.searchParams.get('accountId') ?? defaultAccount;
        const region = url.searchParams.get('region') ?? 'us-east-1';
        let q = store.db
          .deleteFrom('mailbox')
          .where('channel', '=', 'sms')
          .where('account', '=', account)
          .where('region', '=', region);
        const phone = url.searchParams.get('phoneNumber');
        if (phone) q = q.where('destination', '=', JSON.stringify([phone]));
        await q.execute();
        sendJson(res, 204);
      },
    },
  ];
}
