// SMTP relay through nodemailer: pooled connections, STARTTLS and AUTH from the URL
// (smtp://user:pass@host:587, smtps://... for implicit TLS), text and HTML parts, UTF-8 headers,
// Reply-To, and a Message-ID derived from the message id, so a redelivery (at least once) carries
// the same Message-ID and the receiving side can drop the duplicate.
import type { MessageRow } from '../../store/tables/messaging.js';
import { DeliveryError, type Transport } from '../transport.js';

export interface SmtpOptions {
  url: string;
  /** connections kept open to the relay */
  maxConnections?: number;
}

/** 5xx answers are permanent (the relay refused this message); everything else may pass on a retry. */
function classify(e: unknown): DeliveryError {
  const err = e as { responseCode?: number; code?: string; message?: string };
  const permanent = typeof err.responseCode === 'number' && err.responseCode >= 500;
  const what = err.responseCode ? `SMTP ${err.responseCode}` : (err.code ?? 'SMTP error');
  return new DeliveryError(`${what}: ${err.message ?? String(e)}`, permanent);
}

export function smtpTransport(opts: SmtpOptions): Transport & { close(): void } {
  // Loaded on first use, not at start: most servers relay nothing, and the import costs ~35 ms of
  // the start-up budget.
  const mailer = import('nodemailer').then(({ createTransport }) =>
    createTransport({
      pool: true,
      url: opts.url,
      maxConnections: opts.maxConnections ?? 5,
      // nodemailer closes a pooled connection after 100 messages by default; a relay that accepts
      // many on one connection should not pay a new connection (and TLS handshake) every 100.
      maxMessages: Infinity,
      // Keep a stalled relay from holding a worker's claim until the lease runs out.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    }),
  );
  return {
    name: 'smtp',
    async send(m: MessageRow) {
      try {
        await (await mailer).sendMail({
          from: m.sender ?? undefined,
          to: m.destination,
          replyTo: m.reply_to ?? undefined,
          subject: m.subject ?? '',
          text: m.body_text,
          html: m.body_html ?? undefined,
          messageId: `<${m.id}@cognate.local>`,
          date: new Date(m.created_at),
        });
      } catch (e) {
        throw classify(e);
      }
    },
    close: () => void mailer.then((m) => m.close()),
  };
}
