// SES v1 (Query) through the real SDK and on the wire: identities, domain verification by DNS
// through a real (test) DNS server, the sandbox's refusals and quotas with AWS's texts.
import { before, after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  SESClient,
  VerifyEmailIdentityCommand,
  VerifyEmailAddressCommand,
  VerifyDomainIdentityCommand,
  VerifyDomainDkimCommand,
  GetIdentityVerificationAttributesCommand,
  ListIdentitiesCommand,
  DeleteIdentityCommand,
  GetSendQuotaCommand,
  GetSendStatisticsCommand,
  SendEmailCommand,
  SendRawEmailCommand,
} from '@aws-sdk/client-ses';
import { eachBackend, rejectsWith, startServer, type TestServer } from './support/server.js';
import { followVerificationLink, waitForMail } from './support/ses.js';
import { startDns } from './support/dns.js';
import { SESv2Client, GetEmailIdentityCommand } from '@aws-sdk/client-sesv2';

const ACCOUNT = '222233334444';
const sigv4 = `AWS4-HMAC-SHA256 Credential=${ACCOUNT}/20261122/us-west-2/ses/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`;

eachBackend('SES v1', (backend) => {
  let s: TestServer;
  let ses: SESClient;
  let dns: Awaited<ReturnType<typeof startDns>>;
  const clock = {
    t: Date.now(),
    now: () => clock.t,
    advance(ms: number) {
      clock.t += ms;
    },
  };
  before(async () => {
    dns = await startDns({});
    s = await startServer({ backend, now: clock.now, flags: { 'dns-server': dns.address } });
    ses = s.client(SESClient, { accessKeyId: ACCOUNT, region: 'us-west-2' });
  });
  after(async () => {
    await s.stop();
    await dns.stop();
  });
  const post = (form: string) =>
    fetch(s.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: sigv4 },
      body: form,
    });
  const verifyDomain = async (domain: string, status?: string) => {
    const q = new URLSearchParams({ account: ACCOUNT, region: 'us-west-2', domain, ...(status ? { status } : {}) });
    return (await fetch(`${s.url}/_cognate/ses/verify-domain?${q}`, { method: 'POST' })).json() as Promise<
      Record<string, unknown>
    >;
  };
  const attributes = async (...ids: string[]) =>
    (await ses.send(new GetIdentityVerificationAttributesCommand({ Identities: ids }))).VerificationAttributes;

  test('VerifyEmailIdentity sends the link; the identity is Pending without a token, then Success', async () => {
    await ses.send(new VerifyEmailIdentityCommand({ EmailAddress: 'owner@example.com' }));
    assert.deepEqual(await attributes('owner@example.com', 'unknown@example.com'), {
      'owner@example.com': { VerificationStatus: 'Pending' },
    });
    const mail = await s.waitForEmail('owner@example.com');
    assert.equal(mail.Source, 'no-reply-aws@amazon.com');
    assert.match(mail.Subject ?? '', /Email Address Verification Request in region US West \(Oregon\)/);
    await followVerificationLink(s, 'owner@example.com');
    assert.deepEqual(await attributes('owner@example.com'), { 'owner@example.com': { VerificationStatus: 'Success' } });
  });

  test('an email identity is case-sensitive; a link that was tampered with verifies nothing', async () => {
    assert.deepEqual(await attributes('Owner@example.com'), {});
    await ses.send(new VerifyEmailAddressCommand({ EmailAddress: 'other@example.com' }));
    const mail = await s.waitForEmail('other@example.com');
    const link = /http\S+/.exec(mail.Body.text_part!)![0].replace(/token=[^&\s]+/, 'token=forged');
    const res = await fetch(link);
    assert.equal(res.status, 400);
    assert.deepEqual(await attributes('other@example.com'), { 'other@example.com': { VerificationStatus: 'Pending' } });
  });

  test('an unfollowed link fails after 24 hours; asking again sends a new one', async () => {
    await ses.send(new VerifyEmailIdentityCommand({ EmailAddress: 'late@example.com' }));
    await s.waitForEmail('late@example.com');
    clock.advance(24 * 3600_000 + 1000);
    assert.deepEqual(await attributes('late@example.com'), { 'late@example.com': { VerificationStatus: 'Failed' } });
    await ses.send(new VerifyEmailIdentityCommand({ EmailAddress: 'late@example.com' }));
    await followVerificationLink(s, 'late@example.com', { after: 1 });
    assert.deepEqual(await attributes('late@example.com'), { 'late@example.com': { VerificationStatus: 'Success' } });
  });

  test('a domain is verified by its TXT record, looked up through the configured DNS server', async () => {
    const { VerificationToken } = await ses.send(new VerifyDomainIdentityCommand({ Domain: 'Example.COM' }));
    assert.match(VerificationToken!, /^[A-Za-z0-9+/]{43}=$/);
    assert.equal(
      (await ses.send(new VerifyDomainIdentityCommand({ Domain: 'example.com' }))).VerificationToken,
      VerificationToken,
    );
    assert.deepEqual(await attributes('example.com'), {
      'example.com': { VerificationStatus: 'Pending', VerificationToken },
    });

    assert.equal((await verifyDomain('example.com')).status, 'Pending');
    dns.zone.txt = { '_amazonses.example.com': ['unrelated', VerificationToken!] };
    const checked = await verifyDomain('example.com');
    assert.equal(checked.status, 'Success');
    assert.deepEqual(await attributes('example.com'), {
      'example.com': { VerificationStatus: 'Success', VerificationToken },
    });
  });

  test('DKIM CNAMEs verify a domain too; a failing DNS server is a TemporaryFailure', async () => {
    const { DkimTokens } = await ses.send(new VerifyDomainDkimCommand({ Domain: 'mail.example.org' }));
    assert.equal(DkimTokens?.length, 3);
    dns.zone.servfail = [`${DkimTokens![0]}._domainkey.mail.example.org`];
    const failing = await verifyDomain('mail.example.org');
    assert.equal(failing.dkimStatus, 'TemporaryFailure');
    assert.equal(failing.errorType, 'DNS_SERVER_ERROR');
    // SES v2 shows the same lookup as VerificationInfo
    const v2 = await s
      .client(SESv2Client, { accessKeyId: ACCOUNT, region: 'us-west-2' })
      .send(new GetEmailIdentityCommand({ EmailIdentity: 'mail.example.org' }));
    assert.equal(v2.IdentityType, 'DOMAIN');
    assert.equal(v2.DkimAttributes?.Status, 'TEMPORARY_FAILURE');
    assert.equal(v2.VerificationInfo?.ErrorType, 'DNS_SERVER_ERROR');
    assert.ok(v2.VerificationInfo?.LastCheckedTimestamp instanceof Date);
    dns.zone.servfail = [];
    dns.zone.cname = Object.fromEntries(
      DkimTokens!.map((t) => [`${t}._domainkey.mail.example.org`, `${t}.dkim.amazonses.com`]),
    );
    const checked = await verifyDomain('mail.example.org');
    assert.equal(checked.dkimStatus, 'Success');
    assert.equal((await attributes('mail.example.org'))!['mail.example.org'].VerificationStatus, 'Success');
  });

  test('asking about a pending domain makes cognate look its records up again, as SES keeps looking', async () => {
    const { VerificationToken } = await ses.send(new VerifyDomainIdentityCommand({ Domain: 'auto.example' }));
    dns.zone.txt = { ...dns.zone.txt, '_amazonses.auto.example': [VerificationToken!] };
    const deadline = Date.now() + 3000;
    let status = (await attributes('auto.example'))!['auto.example'].VerificationStatus;
    while (status !== 'Success' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      clock.advance(31_000);
      status = (await attributes('auto.example'))!['auto.example'].VerificationStatus;
    }
    assert.equal(status, 'Success');
  });

  test('a domain whose records are not found within 72 hours is Failed', async () => {
    await ses.send(new VerifyDomainIdentityCommand({ Domain: 'slow.example' }));
    clock.advance(71 * 3600_000);
    assert.equal((await attributes('slow.example'))!['slow.example'].VerificationStatus, 'Pending');
    clock.advance(2 * 3600_000);
    assert.equal((await attributes('slow.example'))!['slow.example'].VerificationStatus, 'Failed');
    // asking again starts over, with the same token
    await ses.send(new VerifyDomainIdentityCommand({ Domain: 'slow.example' }));
    assert.equal((await attributes('slow.example'))!['slow.example'].VerificationStatus, 'Pending');
  });

  test('the operator can settle a domain without DNS: Failed, then Success', async () => {
    await ses.send(new VerifyDomainIdentityCommand({ Domain: 'operator.example' }));
    assert.equal((await verifyDomain('operator.example', 'Failed')).status, 'Failed');
    assert.equal((await verifyDomain('operator.example', 'Success')).status, 'Success');
    assert.deepEqual((await verifyDomain('nobody.example')).error, {
      code: 'not_found',
      message: `no domain identity nobody.example in account ${ACCOUNT}, Region us-west-2`,
    });
  });

  test('ListIdentities by type; DeleteIdentity is idempotent; a malformed identity is refused as AWS words it', async () => {
    const emails = await ses.send(new ListIdentitiesCommand({ IdentityType: 'EmailAddress' }));
    assert.deepEqual(emails.Identities, ['late@example.com', 'other@example.com', 'owner@example.com']);
    const domains = await ses.send(new ListIdentitiesCommand({ IdentityType: 'Domain', MaxItems: 3 }));
    assert.equal(domains.Identities?.length, 3);
    const rest = await ses.send(
      new ListIdentitiesCommand({ IdentityType: 'Domain', MaxItems: 3, NextToken: domains.NextToken }),
    );
    assert.deepEqual(
      [...domains.Identities!, ...rest.Identities!],
      ['auto.example', 'example.com', 'mail.example.org', 'operator.example', 'slow.example'],
    );
    await ses.send(new DeleteIdentityCommand({ Identity: 'other@example.com' }));
    await ses.send(new DeleteIdentityCommand({ Identity: 'other@example.com' }));
    await rejectsWith(
      ses.send(new DeleteIdentityCommand({ Identity: 'foobar' })),
      'InvalidParameterValue',
      'Identity foobar is invalid. Must be a verified email address or domain.',
    );
  });

  test('GetSendQuota on a new account: 200.0 a day, 1.0 a second, as XML doubles', async () => {
    const quota = await ses.send(new GetSendQuotaCommand({}));
    assert.deepEqual(
      { ...quota, $metadata: undefined },
      { Max24HourSend: 200, MaxSendRate: 1, SentLast24Hours: 0, $metadata: undefined },
    );
    const xml = await (await post('Action=GetSendQuota&Version=2010-12-01')).text();
    assert.match(
      xml,
      /<GetSendQuotaResponse xmlns="http:\/\/ses.amazonaws.com\/doc\/2010-12-01\/"><GetSendQuotaResult>/,
    );
    for (const element of [
      '<SentLast24Hours>0.0</SentLast24Hours>',
      '<Max24HourSend>200.0</Max24HourSend>',
      '<MaxSendRate>1.0</MaxSendRate>',
    ])
      assert.ok(xml.includes(element), xml);
  });

  describe('sending from the sandbox', () => {
    const message = {
      Subject: { Data: 'Hello' },
      Body: { Text: { Data: 'Plain text' }, Html: { Data: '<p>HTML</p>' } },
    };

    test('an unverified recipient is MessageRejected with the Region upper-cased, in the Query error shape', async () => {
      const err = await rejectsWith(
        ses.send(
          new SendEmailCommand({
            Source: 'owner@example.com',
            Destination: { ToAddresses: ['stranger@example.net'] },
            Message: message,
          }),
        ),
        'MessageRejected',
        'Email address is not verified. The following identities failed the check in region US-WEST-2: stranger@example.net',
      );
      assert.equal(err.$metadata?.httpStatusCode, 400);
      const res = await post(
        new URLSearchParams({
          Action: 'SendEmail',
          Version: '2010-12-01',
          Source: 'Sender <nobody@example.net>',
          'Destination.ToAddresses.member.1': 'x@example.net',
          'Message.Subject.Data': 's',
          'Message.Body.Text.Data': 'b',
        }).toString(),
      );
      const xml = await res.text();
      assert.match(
        xml,
        /<ErrorResponse xmlns="http:\/\/ses.amazonaws.com\/doc\/2010-12-01\/"><Error><Type>Sender<\/Type><Code>MessageRejected<\/Code><Message>Email address is not verified. The following identities failed the check in region US-WEST-2: Sender &lt;nobody@example.net&gt;, x@example.net<\/Message><\/Error><RequestId>/,
      );
    });

    test('a bad tag is refused before the unverified sender', async () => {
      await rejectsWith(
        ses.send(
          new SendEmailCommand({
            Source: 'nobody@example.net',
            Destination: { ToAddresses: ['a@example.com'] },
            Message: message,
            Tags: [{ Name: 'test_invalid_name:123', Value: 'v' }],
          }),
        ),
        'InvalidParameterValue',
        "Invalid tag name <test_invalid_name:123>: only alphanumeric ASCII characters, '_',  '-' are allowed.",
      );
      await rejectsWith(
        ses.send(
          new SendEmailCommand({
            Source: 'nobody@example.net',
            Destination: { ToAddresses: ['a@example.com'] },
            Message: message,
            Tags: [{ Name: 'test', Value: '' }],
          }),
        ),
        'InvalidParameterValue',
        'The tag value must be specified.',
      );
      await rejectsWith(
        ses.send(
          new SendEmailCommand({
            Source: 'owner@example.com',
            Destination: { ToAddresses: ['no-at-sign'] },
            Message: message,
          }),
        ),
        'InvalidParameterValue',
        "Missing final '@domain'",
      );
    });

    test('to verified recipients and addresses in a verified domain it goes out; a second message in the same second is Throttling', async () => {
      clock.advance(5000);
      const { MessageId } = await ses.send(
        new SendEmailCommand({
          Source: 'Owner <owner@example.com>',
          Destination: { ToAddresses: ['late@example.com'], CcAddresses: ['anyone@sub.example.com'] },
          Message: message,
        }),
      );
      assert.ok(MessageId);
      const mail = await waitForMail(s, (m) => m.Destination.ToAddresses.includes('anyone@sub.example.com'));
      assert.equal(mail.Subject, 'Hello');
      assert.equal(mail.Body.html_part, '<p>HTML</p>');
      assert.equal(mail.Source, 'Owner <owner@example.com>');
      // two recipients at 1 a second: the next two seconds are spent
      clock.advance(1500);
      await rejectsWith(
        ses.send(
          new SendEmailCommand({
            Source: 'owner@example.com',
            Destination: { ToAddresses: ['late@example.com'] },
            Message: message,
          }),
        ),
        'Throttling',
        'Maximum sending rate exceeded.',
      );
      clock.advance(600);
      await ses.send(
        new SendEmailCommand({
          Source: 'owner@example.com',
          Destination: { ToAddresses: ['late@example.com'] },
          Message: message,
        }),
      );
    });

    test('SendRawEmail takes Source and recipients from the message', async () => {
      clock.advance(5000);
      const raw =
        'From: Owner <owner@example.com>\r\nTo: late@example.com\r\nSubject: Raw hello\r\nContent-Type: text/plain\r\n\r\nRaw body\r\n';
      const { MessageId } = await ses.send(new SendRawEmailCommand({ RawMessage: { Data: Buffer.from(raw) } }));
      assert.ok(MessageId);
      const mail = await waitForMail(s, (m) => m.Subject === 'Raw hello');
      assert.equal(mail.Source, 'Owner <owner@example.com>');
      assert.equal(mail.Body.text_part, 'Raw body\n');
      clock.advance(5000);
      await rejectsWith(
        ses.send(
          new SendRawEmailCommand({
            RawMessage: { Data: Buffer.from(raw.replace('To: late@example.com', 'To: stranger@example.net')) },
          }),
        ),
        'MessageRejected',
        /failed the check in region US-WEST-2: stranger@example.net$/,
      );
    });

    test('past 200 recipients in 24 hours: Throttling, Daily message quota exceeded.; statistics count them', async () => {
      const fifty = Array.from({ length: 50 }, (_, i) => `r${i}@example.com`);
      const sent = (await ses.send(new GetSendQuotaCommand({}))).SentLast24Hours!;
      for (let total = sent; total < 200; total += 50) {
        clock.advance(60_000);
        await ses.send(
          new SendEmailCommand({ Source: 'owner@example.com', Destination: { BccAddresses: fifty }, Message: message }),
        );
      }
      clock.advance(60_000);
      await rejectsWith(
        ses.send(
          new SendEmailCommand({
            Source: 'owner@example.com',
            Destination: { ToAddresses: ['late@example.com'] },
            Message: message,
          }),
        ),
        'Throttling',
        'Daily message quota exceeded.',
      );
      const quota = await ses.send(new GetSendQuotaCommand({}));
      assert.ok(quota.SentLast24Hours! >= 200);
      const stats = await ses.send(new GetSendStatisticsCommand({}));
      assert.equal(
        stats.SendDataPoints!.reduce((n, p) => n + p.DeliveryAttempts!, 0),
        quota.SentLast24Hours,
      );
      clock.advance(24 * 3600_000);
      assert.equal((await ses.send(new GetSendQuotaCommand({}))).SentLast24Hours, 0);
    });
  });
});
