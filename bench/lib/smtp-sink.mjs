// A local SMTP server that accepts every message and remembers, for each, its Message-ID, its
// recipient and when it was received (performance.now(), the same clock as the load generator's,
// since both run in the bench process). It reads only the message's header block: cognate sets
// `Message-ID: <message id@cognate.local>` (src/messaging/transports/smtp.ts).
import { SMTPServer } from 'smtp-server';

const MESSAGE_ID = /^Message-ID:[ \t]*<([^@>\s]+)@cognate\.local>/im;

export async function smtpSink() {
  let received = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    // The relay's pooled connections stay open for the whole run.
    socketTimeout: 600_000,
    onData(stream, session, cb) {
      let head = '';
      let done = false;
      stream.on('data', (chunk) => {
        if (done) return;
        head += chunk.toString('latin1');
        const end = head.indexOf('\r\n\r\n');
        if (end >= 0) {
          head = head.slice(0, end);
          done = true;
        }
      });
      stream.on('end', () => {
        const r = {
          at: performance.now(),
          id: MESSAGE_ID.exec(head)?.[1] ?? null,
          to: session.envelope.rcptTo.map((t) => t.address).join(','),
        };
        received.push(r);
        cb();
      });
    },
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    port: server.server.address().port,
    get received() {
      return received;
    },
    /** Forgets what arrived so far (between phases); returns it. */
    take() {
      const r = received;
      received = [];
      return r;
    },
    /** Resolves once `count` messages arrived since the last take(), or no message for `quietMs`. */
    async settle(count, quietMs) {
      let last = performance.now();
      let n = received.length;
      while (received.length < count) {
        await new Promise((r) => setTimeout(r, 50));
        if (received.length !== n) {
          n = received.length;
          last = performance.now();
        } else if (performance.now() - last > quietMs) {
          break;
        }
      }
      return received.length;
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
