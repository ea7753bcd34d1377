// SES's 24-hour quota under concurrent senders: exactly the quota's worth of recipients gets
// through, however many send at once (the account's row serialises them; ses/sending.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SESClient, SendEmailCommand, GetSendQuotaCommand } from '@aws-sdk/client-ses';
import { eachBackend, startServer } from './support/server.js';
import { verifiedIdentity } from './support/ses.js';

eachBackend('SES quota under concurrency', (backend) =>
  test('30 concurrent sends against a quota of 10: 10 accepted, 20 Throttling', async () => {
    const s = await startServer({ backend, flags: { 'ses-production-quota': '10,1000' } });
    try {
      await verifiedIdentity(s, 'sender@example.com', { production: true });
      const ses = s.client(SESClient);
      const results = await Promise.allSettled(
        Array.from({ length: 30 }, (_, i) =>
          ses.send(
            new SendEmailCommand({
              Source: 'sender@example.com',
              Destination: { ToAddresses: [`r${i}@example.net`] },
              Message: { Subject: { Data: 's' }, Body: { Text: { Data: 'b' } } },
            }),
          ),
        ),
      );
      const accepted = results.filter((r) => r.status === 'fulfilled').length;
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      assert.equal(accepted, 10);
      assert.equal(refused.length, 20);
      for (const r of refused) assert.equal((r.reason as Error).message, 'Daily message quota exceeded.');
      assert.equal((await ses.send(new GetSendQuotaCommand({}))).SentLast24Hours, 10);
    } finally {
      await s.stop();
    }
  }),
);
