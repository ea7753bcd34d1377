// Email relayed to a real SMTP server started by the test, parsed as a mail client would.
import { test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import PostalMime from 'postal-mime';
import {
  CreateUserPoolCommand,
  CreateUserPoolClientCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startServer } from './support/server.js';
import { smtpSink, freePort, until } from './support/smtp.js';

interface Msg {
  id: string;
  status: string;
  attempts: number;
  lastError: string | null;
  attemptLog?: { outcome: string; error: string | null }[];
}

test('a sign-up code goes out over SMTP with AUTH, as proper MIME', async () => {
  const sink = await smtpSink(0, { auth: { user: 'relay', pass: 's3cret' } });
  const s = await startServer({ flags: { 'smtp-url': `smtp://relay:s3cret@127.0.0.1:${sink.port}` } });
  try {
    const c = s.cognito();
    const poolId = (
      await c.send(
        new CreateUserPoolCommand({
          PoolName: 'smtp',
          AutoVerifiedAttributes: ['email'],
          VerificationMessageTemplate: {
            EmailSubject: 'Bestätigungscode ✓',
            EmailMessage: '<p>Dein Code: <b>{####}</b></p>',
          },
          EmailConfiguration: { ReplyToEmailAddress: 'help@example.com' },
        }),
      )
    ).UserPool!.Id!;
    const clientId = (await c.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web' })))
      .UserPoolClient!.ClientId!;
    await c.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: 'jo',
        Password: 'Passw0rd!',
        UserAttributes: [{ Name: 'email', Value: 'jo@example.org' }],
      }),
    );

    const mail = await until('the SMTP delivery', () => sink.received[0]);
    assert.equal(mail.from, 'no-reply@verificationemail.com');
    assert.deepEqual(mail.to, ['jo@example.org']);
    const parsed = await PostalMime.parse(mail.raw);
    assert.equal(parsed.subject, 'Bestätigungscode ✓');
    assert.equal(parsed.from?.address, 'no-reply@verificationemail.com');
    assert.deepEqual(
      parsed.to?.map((a) => a.address),
      ['jo@example.org'],
    );
    assert.deepEqual(
      parsed.replyTo?.map((a) => a.address),
      ['help@example.com'],
    );
    assert.match(parsed.html ?? '', /Dein Code: <b>\d{6}<\/b>/);
    assert.match(parsed.text ?? '', /\d{6}/);
    assert.ok(parsed.date && Math.abs(new Date(parsed.date).getTime() - Date.now()) < 60_000);
    // The Message-ID is the captured message's id: the same message keeps it across redeliveries.
    const captured = await s.waitForEmail('jo@example.org');
    assert.equal(parsed.messageId, `<${captured.Id}@cognate.local>`);
  } finally {
    await s.stop();
    await sink.close();
  }
});

test('with the SMTP server down, messages wait in the outbox and go out once it is back', async () => {
  const port = await freePort();
  const s = await startServer({ flags: { 'smtp-url': `smtp://127.0.0.1:${port}` } });
  let sink: Awaited<ReturnType<typeof smtpSink>> | undefined;
  try {
    const c = s.cognito();
    const poolId = (await c.send(new CreateUserPoolCommand({ PoolName: 'down', AutoVerifiedAttributes: ['email'] })))
      .UserPool!.Id!;
    const clientId = (await c.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web' })))
      .UserPoolClient!.ClientId!;
    const users = ['a', 'b', 'c'];
    for (const u of users) {
      await c.send(
        new SignUpCommand({
          ClientId: clientId,
          Username: u,
          Password: 'Passw0rd!',
          UserAttributes: [{ Name: 'email', Value: `${u}@example.org` }],
        }),
      );
    }
    const status = async () =>
      ((await (await fetch(`${s.url}/_cognate/messages?pool=${poolId}`)).json()) as { messages: Msg[] }).messages;
    // Every message has failed at least one attempt and waits, queued again: none lost, none delivered.
    await until('a failed first attempt', async () => {
      const msgs = await status();
      return msgs.length === 3 &&
        msgs.every((m) => m.status === 'queued' && m.attempts >= 1 && /ECONNREFUSED/.test(m.lastError ?? ''))
        ? msgs
        : undefined;
    });
    assert.equal((await s.mailbox()).length, 0);

    sink = await smtpSink(port);
    const delivered = await until(
      'delivery after the server came back',
      () => (sink!.received.length >= 3 ? sink!.received : undefined),
      20_000,
    );
    assert.deepEqual(
      delivered.map((m) => m.to[0]).sort(),
      users.map((u) => `${u}@example.org`),
    );
    const settled = await until('the outbox to settle', async () => {
      const msgs = await status();
      return msgs.every((m) => m.status === 'delivered') ? msgs : undefined;
    });
    const one = ((await (await fetch(`${s.url}/_cognate/messages?id=${settled[0].id}`)).json()) as { messages: Msg[] })
      .messages[0];
    assert.equal(one.attemptLog!.at(-1)!.outcome, 'delivered');
    assert.ok(one.attemptLog!.slice(0, -1).every((a) => a.outcome === 'retry' && a.error));
    assert.equal(one.attemptLog!.length, one.attempts);
    // Exactly one delivery per message, however many attempts it took.
    assert.equal(sink.received.length, 3);
    // Once delivered, the outbox keeps no copy of the code (only the capture mailbox, the reader's inbox, has it).
    const stored = await s.running.store.db.selectFrom('messages').select('body_text').execute();
    assert.ok(stored.every((r) => !/\d{6}/.test(r.body_text)));
  } finally {
    await s.stop();
    await sink?.close();
  }
});

test('STARTTLS: with requireTLS in the URL, the relay is only used encrypted', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cognate-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  const tls = { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  const sink = await smtpSink(0, { auth: { user: 'relay', pass: 's3cret' }, tls });
  // The test's certificate is self-signed; nodemailer reads TLS options from the URL's query.
  const s = await startServer({
    flags: { 'smtp-url': `smtp://relay:s3cret@127.0.0.1:${sink.port}/?requireTLS=true&tls.rejectUnauthorized=false` },
  });
  try {
    const c = s.cognito();
    const poolId = (await c.send(new CreateUserPoolCommand({ PoolName: 'tls', AutoVerifiedAttributes: ['email'] })))
      .UserPool!.Id!;
    const clientId = (await c.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web' })))
      .UserPoolClient!.ClientId!;
    await c.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: 'tls',
        Password: 'Passw0rd!',
        UserAttributes: [{ Name: 'email', Value: 'tls@example.org' }],
      }),
    );
    const mail = await until('the SMTP delivery', () => sink.received[0]);
    assert.equal(mail.secure, true, 'the session was upgraded with STARTTLS');
    assert.match((await PostalMime.parse(mail.raw)).text ?? '', /\d{6}/);
  } finally {
    await s.stop();
    await sink.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
