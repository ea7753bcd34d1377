// SMS through a webhook: each message is POSTed as JSON to a configured URL, signed so the
// receiver can tell it came from this cognate: X-Cognate-Signature: sha256=HEX(HMAC-SHA256(secret,
// "<timestamp>.<body>")) with the timestamp in X-Cognate-Timestamp (seconds), so a captured
// request cannot be replayed later with another body. X-Cognate-Message-Id stays the same across
// redeliveries (at least once) for the receiver to drop duplicates.
import { createHmac } from 'node:crypto';
import type { MessageRow } from '../../store/tables/messaging.js';
import { DeliveryError, type Transport } from '../transport.js';

export interface WebhookOptions {
  url: string;
  secret: string;
  timeoutMs?: number;
}

export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function webhookTransport(opts: WebhookOptions): Transport {
  return {
    name: 'webhook',
    async send(m: MessageRow) {
      const body = JSON.stringify({
        id: m.id,
        to: m.destination,
        message: m.body_text,
        senderId: m.sender,
        account: m.account,
        region: m.region,
        pool: m.pool_id,
        activity: m.activity,
        createdAt: new Date(m.created_at).toISOString(),
      });
      const timestamp = String(Math.floor(Date.now() / 1000));
      let res: Response;
      try {
        res = await fetch(opts.url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'X-Cognate-Message-Id': m.id,
            'X-Cognate-Timestamp': timestamp,
            'X-Cognate-Signature': signWebhook(opts.secret, timestamp, body),
          },
          body,
          signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
        });
        await res.arrayBuffer();
      } catch (e) {
        throw new DeliveryError(`webhook unreachable: ${e instanceof Error ? e.message : String(e)}`, false);
      }
      if (res.ok) return;
      // A receiver that refuses the request as such (4xx) will refuse it again; 408, 429 and 5xx may pass later.
      const permanent = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
      throw new DeliveryError(`webhook answered HTTP ${res.status}`, permanent);
    },
  };
}
