// Picks the transports from configuration. Every message lands in the capture mailbox (so people
// and tests can always read it, as with LocalStack); email is also relayed over SMTP when an SMTP
// URL is configured. The relay goes first: the mailbox then shows what was actually handed over.
import type { Store } from '../../store/store.js';
import type { MessageRow } from '../../store/schema.js';
import type { Transport } from '../transport.js';
import { captureTransport } from './capture.js';
import { smtpTransport } from './smtp.js';

export interface TransportConfig {
  smtpUrl?: string;
}

export function buildTransport(config: TransportConfig, store: Store, now: () => number): Transport & { close(): void } {
  const capture = captureTransport(store, now);
  const smtp = config.smtpUrl ? smtpTransport({ url: config.smtpUrl }) : undefined;
  return {
    name: smtp ? 'smtp+capture' : 'capture',
    async send(m: MessageRow) {
      if (m.channel === 'email' && smtp) await smtp.send(m);
      await capture.send(m);
    },
    close: () => smtp?.close(),
  };
}
