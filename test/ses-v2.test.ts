// SES v2 (REST-JSON) through the real SDK: identities verified by following the link in the
// captured mail, the sandbox, production access, and the wire shape of errors.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  SESv2Client,
  CreateEmailIdentityCommand,
  GetEmailIdentityCommand,
  ListEmailIdentitiesCommand,
  DeleteEmailIdentityCommand,
  GetAccountCommand,
  PutAccountDetailsCommand,
  SendEmailCommand,
} from '@aws-sdk/client-sesv2';
import { eachBackend, rejectsWith, startServer, type TestServer } from './support/server.js';
import { followVerificationLink, waitForMail } from './support/ses.js';

eachBackend('SES v2', (backend) => {
  let s: TestServer;
  let ses: SESv2Client;
  // A clock that stands still unless the test moves it: the sending rate is measured against it.
  const clock = {
    t: Date.now(),
    now: () => clock.t,
    advance(ms: number) {
      clock.t += ms;
    },
  };
  before(async () => {
    s = await startServer({ backend, now: clock.now });
    ses = s.client(SESv2Client, { accessKeyId: '111122223333' });
  });
  after(async () => {
    await s.stop();
  });

  test('an email identity is PENDING until its owner follows the link in the verification email', async () => {
    const created = await ses.send(new CreateEmailIdentityCommand({ EmailIdentity: 'sender@example.com' }));
    assert.equal(created.IdentityType, 'EMAIL_ADDRESS');
    assert.equal(created.VerifiedForSendingStatus, false);
    assert.equal(created.DkimAttributes, undefined);

    const pending = await ses.send(new GetEmailIdentityCommand({ EmailIdentity: 'sender@example.com' }));
    assert.equal(pending.VerificationStatus, 'PENDING');
    assert.equal(pending.VerifiedForSendingStatus, false);
    assert.deepEqual(pending.DkimAttributes, {
      SigningEnabled: false,
      Status: 'NOT_STARTED',
      SigningAttributesOrigin: 'AWS_SES',
      NextSigningKeyLength: 'RSA_1024_BIT',
    });
    assert.deepEqual(pending.MailFromAttributes, { BehaviorOnMxFailure: 'USE_DEFAULT_VALUE' });
    assert.deepEqual(pending.Policies, {});
    assert.deepEqual(pending.Tags, []);
    assert.equal(pending.FeedbackForwardingStatus, true);

    const listed = await ses.send(new ListEmailIdentitiesCommand({}));
    assert.deepEqual(listed.EmailIdentities, [
      {
        IdentityType: 'EMAIL_ADDRESS',
        IdentityName: 'sender@example.com',
        SendingEnabled: false,
        VerificationStatus: 'PENDING',
      },
    ]);

    const page = await followVerificationLink(s, 'sender@example.com');
    assert.match(page, /Congratulations/);
    const verified = await ses.send(new GetEmailIdentityCommand({ EmailIdentity: 'sender@example.com' }));
    assert.equal(verified.VerificationStatus, 'SUCCESS');
    assert.equal(verified.VerifiedForSendingStatus, true);
  });

  test("creating an identity twice is AlreadyExistsException with AWS's words", async () => {
    await ses.send(new CreateEmailIdentityCommand({ EmailIdentity: 'twice@example.com' }));
    await rejectsWith(
      ses.send(new CreateEmailIdentityCommand({ EmailIdentity: 'twice@example.com' })),
      'AlreadyExistsException',
      'Email identity twice@example.com already exist.',
    );
  });

  test('identities belong to their account and Region', async () => {
    const other = s.client(SESv2Client, { accessKeyId: '999988887777' });
    await rejectsWith(
      other.send(new GetEmailIdentityCommand({ EmailIdentity: 'sender@example.com' })),
      'NotFoundException',
    );
    const elsewhere = s.client(SESv2Client, { accessKeyId: '111122223333', region: 'eu-west-1' });
    await rejectsWith(
      elsewhere.send(new GetEmailIdentityCommand({ EmailIdentity: 'sender@example.com' })),
      'NotFoundException',
    );
  });

  test('a domain identity gets three DKIM tokens at once', async () => {
    const created = await ses.send(new CreateEmailIdentityCommand({ EmailIdentity: 'Example.ORG' }));
    assert.equal(created.IdentityType, 'DOMAIN');
    assert.equal(created.DkimAttributes?.Status, 'PENDING');
    assert.equal(created.DkimAttributes?.Tokens?.length, 3);
    for (const t of created.DkimAttributes!.Tokens!) assert.match(t, /^[a-z0-9]{32}$/);
    const got = await ses.send(new GetEmailIdentityCommand({ EmailIdentity: 'example.org' }));
    assert.equal(got.VerificationStatus, 'PENDING');
  });

  test('a new account is in the sandbox: GetAccount says so, unverified recipients are refused', async () => {
    const account = await ses.send(new GetAccountCommand({}));
    assert.equal(account.ProductionAccessEnabled, false);
    assert.equal(account.SendingEnabled, true);
    assert.equal(account.EnforcementStatus, 'HEALTHY');
    assert.deepEqual(
      { ...account.SendQuota, SentLast24Hours: undefined },
      { Max24HourSend: 200, MaxSendRate: 1, SentLast24Hours: undefined },
    );
    assert.equal(account.Details, undefined);

    const send = (to: string) =>
      ses.send(
        new SendEmailCommand({
          FromEmailAddress: 'sender@example.com',
          Destination: { ToAddresses: [to] },
          Content: { Simple: { Subject: { Data: 'Hi' }, Body: { Text: { Data: 'Hello there' } } } },
        }),
      );
    await rejectsWith(
      send('stranger@example.net'),
      'MessageRejected',
      'Email address is not verified. The following identities failed the check in region US-EAST-1: stranger@example.net',
    );
    // to itself (verified) it goes, through the messaging plane
    const sent = await send('sender@example.com');
    assert.ok(sent.MessageId);
    const mail = await waitForMail(s, (m) => m.Subject === 'Hi');
    assert.deepEqual(mail.Destination.ToAddresses, ['sender@example.com']);
    assert.equal(mail.Body.text_part, 'Hello there');
    assert.equal(mail.Source, 'sender@example.com');
  });

  test('an unverified sender is refused even in production; past the rate, 429 TooManyRequestsException', async () => {
    await ses.send(
      new PutAccountDetailsCommand({
        MailType: 'TRANSACTIONAL',
        WebsiteURL: 'https://example.com',
        ProductionAccessEnabled: true,
      }),
    );
    const account = await ses.send(new GetAccountCommand({}));
    assert.equal(account.ProductionAccessEnabled, true);
    assert.equal(account.Details?.ReviewDetails?.Status, 'GRANTED');
    assert.equal(account.Details?.MailType, 'TRANSACTIONAL');
    assert.equal(account.SendQuota?.Max24HourSend, 50000);

    const content = { Simple: { Subject: { Data: 'x' }, Body: { Text: { Data: 'y' } } } };
    await rejectsWith(
      ses.send(
        new SendEmailCommand({
          FromEmailAddress: 'Nobody <nobody@example.com>',
          Destination: { ToAddresses: ['a@example.net'] },
          Content: content,
        }),
      ),
      'MessageRejected',
      'Email address is not verified. The following identities failed the check in region US-EAST-1: Nobody <nobody@example.com>',
    );
    clock.advance(2000);
    // out of the sandbox any recipient may receive
    await ses.send(
      new SendEmailCommand({
        FromEmailAddress: 'sender@example.com',
        Destination: { ToAddresses: ['stranger@example.net'] },
        Content: content,
      }),
    );
    await s.waitForEmail('stranger@example.net');
    // 14 a second in production: 13 more go, then the rate is spent
    for (let i = 0; i < 13; i++)
      await ses.send(
        new SendEmailCommand({
          FromEmailAddress: 'sender@example.com',
          Destination: { ToAddresses: [`r${i}@example.net`] },
          Content: content,
        }),
      );
    const err = await rejectsWith(
      ses.send(
        new SendEmailCommand({
          FromEmailAddress: 'sender@example.com',
          Destination: { ToAddresses: ['late@example.net'] },
          Content: content,
        }),
      ),
      'TooManyRequestsException',
      'Maximum sending rate exceeded.',
    );
    assert.equal(err.$metadata?.httpStatusCode, 429);
  });

  test('raw content: From and recipients from the message', async () => {
    clock.advance(5000);
    const raw = 'From: Sender <sender@example.com>\r\nTo: raw@example.net\r\nSubject: Raw v2\r\n\r\nRaw body';
    const { MessageId } = await ses.send(new SendEmailCommand({ Content: { Raw: { Data: Buffer.from(raw) } } }));
    assert.ok(MessageId);
    const mail = await waitForMail(s, (m) => m.Subject === 'Raw v2');
    assert.deepEqual(mail.Destination.ToAddresses, ['raw@example.net']);
    assert.equal(mail.Source, 'Sender <sender@example.com>');
    assert.equal(mail.Body.text_part, 'Raw body');
  });

  test('errors on the wire: status of the shape, x-amzn-ErrorType, {"message"} body', async () => {
    const auth = `AWS4-HMAC-SHA256 Credential=111122223333/20261122/us-east-1/ses/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`;
    const res = await fetch(`${s.url}/v2/email/identities/${encodeURIComponent('missing@example.com')}`, {
      headers: { Authorization: auth },
    });
    assert.equal(res.status, 404);
    assert.equal(res.headers.get('x-amzn-errortype'), 'NotFoundException');
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual(await res.json(), { message: 'Email identity missing@example.com does not exist.' });
    const bad = await fetch(`${s.url}/v2/email/account/details`, {
      method: 'POST',
      headers: { Authorization: auth, 'Content-Type': 'application/json' },
      body: '{"MailType":"SPAM"}',
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.get('x-amzn-errortype'), 'BadRequestException');
  });

  test('hostile requests get BadRequestException in the REST-JSON shape and the server keeps answering', async () => {
    const auth = `AWS4-HMAC-SHA256 Credential=111122223333/20261122/us-east-1/ses/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`;
    const cases: [string, string, string?][] = [
      ['POST', '/v2/email/identities', '{'],
      ['POST', '/v2/email/identities', '[1]'],
      ['POST', '/v2/email/identities', '{"EmailIdentity":5}'],
      ['POST', '/v2/email/identities', '{}'],
      ['GET', '/v2/email/identities/%E0%A4%A'],
      ['GET', '/v2/email/identities?PageSize=abc'],
      ['GET', '/v2/email/identities?PageSize=0'],
      ['GET', '/v2/email/identities?NextToken=forged'],
      ['POST', '/v2/email/outbound-emails', '{"Content":{}}'],
    ];
    for (const [method, path, body] of cases) {
      const res = await fetch(`${s.url}${path}`, {
        method,
        headers: { Authorization: auth, 'Content-Type': 'application/json' },
        body,
      });
      assert.equal(res.status, 400, `${method} ${path} ${body}`);
      assert.equal(res.headers.get('x-amzn-errortype'), 'BadRequestException', `${method} ${path} ${body}`);
      assert.equal(typeof ((await res.json()) as { message: unknown }).message, 'string');
    }
    const unsigned = await fetch(`${s.url}/v2/email/account`);
    assert.equal(unsigned.status, 403);
    assert.ok((await ses.send(new GetAccountCommand({}))).SendQuota);
  });

  test("ListEmailIdentities pages, by the SDK's POST /v2/email/list-identities and the CLI's GET /v2/email/identities", async () => {
    const other = s.client(SESv2Client, { accessKeyId: '444455556666' });
    for (const name of ['a@example.com', 'b@example.com', 'c.example'])
      await other.send(new CreateEmailIdentityCommand({ EmailIdentity: name }));
    const first = await other.send(new ListEmailIdentitiesCommand({ PageSize: 2 }));
    assert.deepEqual(
      first.EmailIdentities?.map((i) => i.IdentityName),
      ['a@example.com', 'b@example.com'],
    );
    const second = await other.send(new ListEmailIdentitiesCommand({ PageSize: 2, NextToken: first.NextToken }));
    assert.deepEqual(
      second.EmailIdentities?.map((i) => [i.IdentityName, i.IdentityType]),
      [['c.example', 'DOMAIN']],
    );
    assert.equal(second.NextToken, undefined);
    const auth = `AWS4-HMAC-SHA256 Credential=444455556666/20261122/us-east-1/ses/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`;
    const page = (await (
      await fetch(`${s.url}/v2/email/identities?PageSize=1&NextToken=${encodeURIComponent(first.NextToken!)}`, {
        headers: { Authorization: auth },
      })
    ).json()) as { EmailIdentities: { IdentityName: string }[]; NextToken?: string };
    assert.deepEqual(
      page.EmailIdentities.map((i) => i.IdentityName),
      ['c.example'],
    );
  });

  test('DeleteEmailIdentity removes it; deleting again is NotFoundException', async () => {
    await ses.send(new DeleteEmailIdentityCommand({ EmailIdentity: 'twice@example.com' }));
    await rejectsWith(
      ses.send(new DeleteEmailIdentityCommand({ EmailIdentity: 'twice@example.com' })),
      'NotFoundException',
      'Email identity twice@example.com does not exist.',
    );
  });
});
