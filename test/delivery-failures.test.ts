// What a user sees when a message cannot be delivered: that one message fails with its reason,
// transient refusals are retried with backoff up to a bound, and the worker keeps delivering the
// rest. Plus the capture mailbox's LocalStack-shaped read and delete endpoints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateUserPoolCommand,
  CreateUserPoolClientCommand,
  SignUpCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { startServer, testClock, type TestServer } from './support/server.js';
import { smtpSink, until } from './support/smtp.js';

interface Msg {
  id: string;
  destination: string;
  status: string;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  attemptLog?: { outcome: string; error: string | null }[];
}

async function signUpClient(
  c: CognitoIdentityProviderClient,
  input: Partial<ConstructorParameters<typeof CreateUserPoolCommand>[0]> = {},
): Promise<string> {
  const poolId = (
    await c.send(new CreateUserPoolCommand({ PoolName: 'delivery', AutoVerifiedAttributes: ['email'], ...input }))
  ).UserPool!.Id!;
  return (await c.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web' }))).UserPoolClient!
    .ClientId!;
}

const signUp = (
  c: CognitoIdentityProviderClient,
  ClientId: string,
  email: string,
  attrs: { Name: string; Value: string }[] = [],
) =>
  c.send(
    new SignUpCommand({
      ClientId,
      Username: email.split('@')[0],
      Password: 'Passw0rd!',
      UserAttributes: [{ Name: 'email', Value: email }, ...attrs],
    }),
  );

async function messageTo(s: TestServer, address: string): Promise<Msg> {
  const list = (await (await fetch(`${s.url}/_cognate/messages`)).json()) as { messages: Msg[] };
  const m = list.messages.find((x) => x.destination === address);
  if (!m) throw new Error(`no message to ${address}`);
  return ((await (await fetch(`${s.url}/_cognate/messages?id=${m.id}`)).json()) as { messages: Msg[] }).messages[0];
}

test('a relay that refuses one address for good fails that message with the reason; the rest go out', async () => {
  const sink = await smtpSink(0, { refuse: { addresses: ['gone@example.com'], code: 550 } });
  const s = await startServer({ flags: { 'smtp-url': `smtp://127.0.0.1:${sink.port}` } });
  try {
    const c = s.cognito();
    const clientId = await signUpClient(c);
    await signUp(c, clientId, 'before@example.com');
    await signUp(c, clientId, 'gone@example.com');
    await signUp(c, clientId, 'after@example.com');
    await until('both good messages', () => (sink.received.length >= 2 ? true : undefined));
    const failed = await until('the refused message to fail', async () => {
      const m = await messageTo(s, 'gone@example.com');
      return m.status === 'failed' ? m : undefined;
    });
    // A permanent refusal is not retried.
    assert.equal(failed.attempts, 1);
    assert.match(failed.lastError!, /^SMTP 550: .*gone@example\.com refused/);
    assert.deepEqual(
      failed.attemptLog!.map((a) => a.outcome),
      ['failed'],
    );
    assert.deepEqual(sink.received.flatMap((r) => r.to).sort(), ['after@example.com', 'before@example.com']);
    // The worker is still running: a later sign-up is delivered.
    await signUp(c, clientId, 'later@example.com');
    await until('a message after the failure', () =>
      sink.received.some((r) => r.to.includes('later@example.com')) ? true : undefined,
    );
    // The relay has the message before the worker records it as delivered: wait for the record.
    await until('the later message recorded as delivered', async () =>
      (await messageTo(s, 'later@example.com')).status === 'delivered' ? true : undefined,
    );
  } finally {
    await s.stop();
    await sink.close();
  }
});

test('a relay that keeps deferring an address: retried with backoff, then parked as failed after the last attempt', async () => {
  const clock = testClock();
  const sink = await smtpSink(0, { refuse: { addresses: ['busy@example.com'], code: 451 } });
  const s = await startServer({ flags: { 'smtp-url': `smtp://127.0.0.1:${sink.port}` }, now: clock.now });
  try {
    const c = s.cognito();
    const clientId = await signUpClient(c);
    await signUp(c, clientId, 'busy@example.com');
    const first = await until('a first deferred attempt', async () => {
      const m = await messageTo(s, 'busy@example.com');
      return m.status === 'queued' && m.lastError ? m : undefined;
    });
    assert.ok(first.attempts >= 1);
    assert.match(first.lastError!, /^SMTP 451: /);
    // Backoff puts each retry minutes ahead; move the clock past it until the attempts run out.
    const parked = await until(
      'the message to be parked',
      async () => {
        clock.advance(3600_000);
        const m = await messageTo(s, 'busy@example.com');
        return m.status === 'failed' ? m : undefined;
      },
      30_000,
    );
    assert.equal(parked.attempts, parked.maxAttempts);
    assert.equal(parked.attemptLog!.length, parked.maxAttempts);
    assert.ok(
      parked.attemptLog!.every((a) => a.outcome !== 'delivered' && /^SMTP 451: /.test(a.error ?? '')),
      JSON.stringify(parked.attemptLog),
    );
    assert.equal(sink.received.length, 0);
  } finally {
    await s.stop();
    await sink.close();
  }
});

test("the capture mailbox reads and deletes as LocalStack's endpoints do", async () => {
  // A pool without SmsConfiguration: its SMS go straight to the transport (--cognito-sms direct).
  const s = await startServer({ flags: { 'cognito-sms': 'direct' } });
  try {
    const c = s.cognito();
    const clientId = await signUpClient(c);
    const smsClient = await signUpClient(c, { AutoVerifiedAttributes: ['phone_number'] });
    await signUp(c, clientId, 'one@example.com');
    await signUp(c, clientId, 'two@example.com');
    await c.send(
      new SignUpCommand({
        ClientId: smsClient,
        Username: 'p1',
        Password: 'Passw0rd!',
        UserAttributes: [{ Name: 'phone_number', Value: '+15555550101' }],
      }),
    );
    await c.send(
      new SignUpCommand({
        ClientId: smsClient,
        Username: 'p2',
        Password: 'Passw0rd!',
        UserAttributes: [{ Name: 'phone_number', Value: '+15555550102' }],
      }),
    );
    await s.waitForEmail('two@example.com');
    const sms = async (query = '') =>
      (
        (await (await fetch(`${s.url}/_aws/sns/sms-messages${query}`)).json()) as {
          sms_messages: Record<string, { MessageId: string }[]>;
        }
      ).sms_messages;
    await until('both SMS', async () => (Object.keys(await sms()).length === 2 ? true : undefined));

    const mail = await s.mailbox();
    assert.equal(mail.length, 2);
    const one = mail.find((m) => m.Destination.ToAddresses[0] === 'one@example.com')!;
    const byId = (await (await fetch(`${s.url}/_aws/ses?id=${one.Id}`)).json()) as { messages: { Id: string }[] };
    assert.deepEqual(
      byId.messages.map((m) => m.Id),
      [one.Id],
    );
    // ?email= filters by sender, as LocalStack's does.
    assert.equal(
      (
        (await (await fetch(`${s.url}/_aws/ses?email=no-reply%40verificationemail.com`)).json()) as {
          messages: unknown[];
        }
      ).messages.length,
      2,
    );
    assert.equal(
      ((await (await fetch(`${s.url}/_aws/ses?email=someone%40else.com`)).json()) as { messages: unknown[] }).messages
        .length,
      0,
    );

    assert.equal((await fetch(`${s.url}/_aws/ses?id=${one.Id}`, { method: 'DELETE' })).status, 204);
    assert.deepEqual(
      (await s.mailbox()).map((m) => m.Destination.ToAddresses[0]),
      ['two@example.com'],
    );
    assert.equal((await fetch(`${s.url}/_aws/ses`, { method: 'DELETE' })).status, 204);
    assert.deepEqual(await s.mailbox(), []);

    assert.equal(
      (await fetch(`${s.url}/_aws/sns/sms-messages?phoneNumber=%2B15555550101`, { method: 'DELETE' })).status,
      204,
    );
    assert.deepEqual(Object.keys(await sms()), ['+15555550102']);
    assert.equal((await fetch(`${s.url}/_aws/sns/sms-messages`, { method: 'DELETE' })).status, 204);
    assert.deepEqual(await sms(), {});
    // Clearing the mailbox does not rewrite history: the outbox still shows the messages delivered.
    assert.equal((await messageTo(s, 'one@example.com')).status, 'delivered');
  } finally {
    await s.stop();
  }
});
