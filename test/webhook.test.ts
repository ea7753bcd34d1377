// SMS through the signed webhook, received by a local HTTP server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  CreateUserPoolCommand,
  CreateUserPoolClientCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startServer } from './support/server.js';
import { until } from './support/smtp.js';

const SECRET = 'whsec-test';

function verify(headers: IncomingHttpHeaders, body: string): boolean {
  const expected = Buffer.from(
    `sha256=${createHmac('sha256', SECRET).update(`${headers['x-cognate-timestamp']}.${body}`).digest('hex')}`,
  );
  const given = Buffer.from(String(headers['x-cognate-signature']));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

test('a sign-up SMS is posted, signed, to the webhook; a refusing receiver is retried', async () => {
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  let failuresLeft = 1;
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      if (failuresLeft-- > 0) {
        res.writeHead(503).end();
        return;
      }
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/sms`;
  // The SMS role is a name only (no IAM role): SMS go straight to the transport (--cognito-sms direct).
  const s = await startServer({
    flags: { 'sms-webhook-url': url, 'sms-webhook-secret': SECRET, 'cognito-sms': 'direct' },
  });
  try {
    const c = s.cognito();
    const poolId = (
      await c.send(
        new CreateUserPoolCommand({
          PoolName: 'sms',
          AutoVerifiedAttributes: ['phone_number'],
          SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::000000000000:role/cognito-sms', ExternalId: 'ext' },
        }),
      )
    ).UserPool!.Id!;
    const clientId = (await c.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app' })))
      .UserPoolClient!.ClientId!;
    const su = await c.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: 'pat',
        Password: 'Passw0rd!',
        UserAttributes: [{ Name: 'phone_number', Value: '+15555550100' }],
      }),
    );
    assert.deepEqual(su.CodeDeliveryDetails, {
      Destination: '+*******0100',
      DeliveryMedium: 'SMS',
      AttributeName: 'phone_number',
    });

    const deadline = Date.now() + 15_000;
    while (received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(received.length, 1, 'delivered after one refused attempt');
    const [{ headers, body }] = received;
    assert.ok(verify(headers, body), 'the signature verifies with the shared secret');
    const sms = JSON.parse(body);
    assert.equal(sms.to, '+15555550100');
    assert.match(sms.message, /^Your verification code is \d{6}\. $/);
    assert.equal(sms.pool, poolId);
    assert.equal(sms.activity, 'signup');
    assert.equal(headers['x-cognate-message-id'], sms.id);

    // The captured copy, in LocalStack's SNS shape. The mailbox is written once the webhook has
    // answered (the relay goes first), so the receiver can see the SMS a moment before it.
    const captured = await until('the captured copy', async () => {
      const box = (await (await fetch(`${s.url}/_aws/sns/sms-messages?phoneNumber=%2B15555550100`)).json()) as {
        sms_messages: Record<string, { Message: string; MessageId: string }[]>;
      };
      return box.sms_messages['+15555550100']?.[0];
    });
    assert.equal(captured.Message, sms.message);
    assert.equal(captured.MessageId, sms.id);
  } finally {
    await s.stop();
    await new Promise((r) => receiver.close(r));
  }
});
