// Picks the transports from configuration. Every message lands in the capture mailbox (so people
// and tests can always read it, as with LocalStack); email is also relayed over SMTP when an SMTP
// URL is configured, SMS posted to a webhook when one is. The relay goes first: the mailbox then
// shows what was actually handed over.
import type { Store } from '../../store/store.js';
import type { MessageRow } from '../../store/tables/messaging.js';
import type { Transport } from '../transport.js';
import { captureTransport } from './capture.js';
import { smtpTransport } from './smtp.js';
import { webhookTransport } from './webhook.js';

export interface TransportConfig {
  smtpUrl?: string;
  smsWebhookUrl?: string;
  smsWebhookSecret?: string;
}

export function buildTransport(
  config: TransportConfig,
  store: Store,
  now: () => number,
): Transport & { close(): void } {
  const capture = captureTransport(store, now);
  const smtp = config.smtpUrl ? smtpTransport({ url: config.smtpUrl }) : undefined;
  if (config.smsWebhookUrl && !config.smsWebhookSecret)
    throw new Error('an SMS webhook needs a signing secret (--sms-webhook-secret)');
  const webhook = config.smsWebhookUrl
    ? webhookTransport({ url: config.smsWebhookUrl, secret: config.smsWebhookSecret! })
    : undefined;
  return {
    name: [smtp?.name, webhook?.name, capture.name].filter(Boolean).join('+'),
    async send(m: MessageRow) {
      if (m.channel === 'email' && smtp) await smtp.send(m);
      if (m.channel === 'sms' && webhook) await webhook.send(m);
      await capture.send(m);
    },
    close: () => smtp?.close(),
  };
}
