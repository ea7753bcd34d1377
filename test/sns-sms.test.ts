// SNS's SMS side through the SDK and the AWS CLI: attributes, Publish to a number, the sandbox
// with its one-time passwords read from the captured SMS, opt-outs, US origination identities and
// the monthly spend limit, each per account and Region.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import {
  SNSClient,
  PublishCommand,
  GetSMSAttributesCommand,
  SetSMSAttributesCommand,
  GetSMSSandboxAccountStatusCommand,
  CreateSMSSandboxPhoneNumberCommand,
  VerifySMSSandboxPhoneNumberCommand,
  ListSMSSandboxPhoneNumbersCommand,
  DeleteSMSSandboxPhoneNumberCommand,
  CheckIfPhoneNumberIsOptedOutCommand,
  ListPhoneNumbersOptedOutCommand,
  OptInPhoneNumberCommand,
  ListOriginationNumbersCommand,
} from '@aws-sdk/client-sns';
import { eachBackend, startServer, rejectsWith, testClock, type TestServer } from './support/server.js';
import { until } from './support/smtp.js';
import { run as snsCli } from '../src/cli/sns.js';
import { AWS_CLI, AWS_CLI_PATH, awsCliMissing } from './support/aws-cli.js';

interface Msg {
  id: string;
  status: string;
  lastError: string | null;
  destination: string;
  sender: string | null;
  activity: string;
}

eachBackend('SNS SMS', (backend) => {
  let s: TestServer;
  let n = 0;
  // Each test works in an account of its own, so sandbox and spend start fresh.
  const account = () => String(100000000000 + ++n);
  before(async () => {
    s = await startServer({ backend });
  });
  after(() => s.stop());

  const sns = (accessKeyId: string, region = 'us-east-1') => s.client(SNSClient, { accessKeyId, region });
  const sms = async (acct: string, phone: string, region = 'us-east-1'): Promise<string[]> => {
    const res = await fetch(
      `${s.url}/_aws/sns/sms-messages?accountId=${acct}&region=${region}&phoneNumber=${encodeURIComponent(phone)}`,
    );
    const body = (await res.json()) as { sms_messages: Record<string, { Message: string }[]> };
    return (body.sms_messages[phone] ?? []).map((m) => m.Message);
  };
  const waitSms = (acct: string, phone: string, count = 1, region = 'us-east-1') =>
    until(`${count} SMS to ${phone}`, async () => {
      const got = await sms(acct, phone, region);
      return got.length >= count ? got : undefined;
    });
  const message = async (id: string): Promise<Msg> =>
    ((await (await fetch(`${s.url}/_cognate/messages?id=${id}`)).json()) as { messages: Msg[] }).messages[0];
  const operator = async (args: string[]) => {
    const lines: string[] = [];
    const code = await snsCli([...args, '--endpoint', s.url], (t) => lines.push(t));
    assert.equal(code, 0, lines.join(''));
    return JSON.parse(lines.join(''));
  };
  const otpOf = (text: string) => /(\d{6})/.exec(text)![1];

  test('SMS attributes: a fresh Region reports only MonthlySpendLimit "1"; set, filtered read, and AWS refusals', async () => {
    const c = sns(account());
    assert.deepEqual((await c.send(new GetSMSAttributesCommand({}))).attributes, { MonthlySpendLimit: '1' });
    await c.send(
      new SetSMSAttributesCommand({
        attributes: {
          DeliveryStatusSuccessSamplingRate: '100',
          DefaultSenderID: 'LSTest',
          DefaultSMSType: 'Promotional',
        },
      }),
    );
    assert.deepEqual((await c.send(new GetSMSAttributesCommand({}))).attributes, {
      MonthlySpendLimit: '1',
      DeliveryStatusSuccessSamplingRate: '100',
      DefaultSenderID: 'LSTest',
      DefaultSMSType: 'Promotional',
    });
    assert.deepEqual(
      (await c.send(new GetSMSAttributesCommand({ attributes: ['DefaultSenderID', 'DefaultSMSType'] }))).attributes,
      { DefaultSenderID: 'LSTest', DefaultSMSType: 'Promotional' },
    );
    await rejectsWith(
      c.send(new SetSMSAttributesCommand({ attributes: { InvalidAttribute: 'invalid' } })),
      'InvalidParameterException',
      'InvalidAttribute is not a valid attribute',
    );
    await rejectsWith(
      c.send(new SetSMSAttributesCommand({ attributes: { DefaultSMSType: 'invalid' } })),
      'InvalidParameterException',
      'DefaultSMSType is invalid',
    );
    // Another Region of the same account is untouched.
    assert.deepEqual((await sns('100000000000', 'eu-west-1').send(new GetSMSAttributesCommand({}))).attributes, {
      MonthlySpendLimit: '1',
    });
  });

  test('Publish refuses what is not a number, as AWS words it; topics do not exist', async () => {
    const c = sns(account());
    for (const bad of ['+1a234', 'NAA+15551234567', '+15--551234567']) {
      await rejectsWith(
        c.send(new PublishCommand({ PhoneNumber: bad, Message: 'hi' })),
        'InvalidParameterException',
        `Invalid parameter: PhoneNumber Reason: ${bad} is not valid to publish to`,
      );
    }
    await rejectsWith(
      c.send(new PublishCommand({ PhoneNumber: '+4915112345678', Message: '' })),
      'InvalidParameterException',
      'Invalid parameter: Empty message',
    );
    await rejectsWith(
      c.send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:000000000000:none', Message: 'hi' })),
      'NotFoundException',
      'Topic does not exist',
    );
    await rejectsWith(
      c.send(new PublishCommand({ TopicArn: 'randomstring', Message: 'hi' })),
      'InvalidParameterException',
      'Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1',
    );
  });

  test('in the sandbox only verified numbers receive SMS; the one-time password arrives by SMS', async () => {
    const acct = account();
    const c = sns(acct);
    assert.equal((await c.send(new GetSMSSandboxAccountStatusCommand({}))).IsInSandbox, true);
    const phone = '+4915112340001';
    // Accepted with a MessageId, as AWS does, but never delivered: the reason is in the message status.
    const first = await c.send(new PublishCommand({ PhoneNumber: phone, Message: 'before verification' }));
    const refused = await message(first.MessageId!);
    assert.equal(refused.status, 'failed');
    assert.match(refused.lastError!, /not verified in the SMS sandbox/);

    await c.send(new CreateSMSSandboxPhoneNumberCommand({ PhoneNumber: phone, LanguageCode: 'de-DE' }));
    const [otpText] = await waitSms(acct, phone);
    assert.match(otpText, /^Ihr Amazon SNS-Bestätigungscode lautet \d{6}\.$/);
    assert.deepEqual((await c.send(new ListSMSSandboxPhoneNumbersCommand({}))).PhoneNumbers, [
      { PhoneNumber: phone, Status: 'Pending' },
    ]);
    const otp = otpOf(otpText);
    const wrong = otp === '000000' ? '111111' : '000000';
    await rejectsWith(
      c.send(new VerifySMSSandboxPhoneNumberCommand({ PhoneNumber: phone, OneTimePassword: wrong })),
      'VerificationException',
    );
    await rejectsWith(
      c.send(new VerifySMSSandboxPhoneNumberCommand({ PhoneNumber: '+4915199999999', OneTimePassword: otp })),
      'ResourceNotFoundException',
    );
    await c.send(new VerifySMSSandboxPhoneNumberCommand({ PhoneNumber: phone, OneTimePassword: otp }));
    assert.deepEqual((await c.send(new ListSMSSandboxPhoneNumbersCommand({}))).PhoneNumbers, [
      { PhoneNumber: phone, Status: 'Verified' },
    ]);

    const second = await c.send(new PublishCommand({ PhoneNumber: phone, Message: 'after verification' }));
    assert.deepEqual(await waitSms(acct, phone, 2), [otpText, 'after verification']);
    // The capture outbox has the SMS before the worker records it as delivered: wait for the record.
    await until('the second SMS recorded as delivered', async () =>
      (await message(second.MessageId!)).status === 'delivered' ? true : undefined,
    );
    // Deleting waits 24 hours after the verification.
    await rejectsWith(c.send(new DeleteSMSSandboxPhoneNumberCommand({ PhoneNumber: phone })), 'UserErrorException');
    // The same number is not verified in another Region.
    const other = await sns(acct, 'eu-west-1').send(new PublishCommand({ PhoneNumber: phone, Message: 'elsewhere' }));
    assert.equal((await message(other.MessageId!)).status, 'failed');
  });

  test('the sandbox holds at most 10 destination numbers', async () => {
    const c = sns(account());
    for (let i = 0; i < 10; i++)
      await c.send(new CreateSMSSandboxPhoneNumberCommand({ PhoneNumber: `+44770090000${i}` }));
    await rejectsWith(
      c.send(new CreateSMSSandboxPhoneNumberCommand({ PhoneNumber: '+447700900010' })),
      'UserErrorException',
    );
    assert.equal((await c.send(new ListSMSSandboxPhoneNumbersCommand({}))).PhoneNumbers!.length, 10);
    const page = await c.send(new ListSMSSandboxPhoneNumbersCommand({ MaxResults: 4 }));
    const rest = await c.send(new ListSMSSandboxPhoneNumbersCommand({ MaxResults: 10, NextToken: page.NextToken }));
    assert.equal(page.PhoneNumbers!.length + rest.PhoneNumbers!.length, 10);
    assert.equal(rest.NextToken, undefined);
  });

  test('concurrent additions never pass the 10 numbers of the sandbox', async () => {
    const c = sns(account());
    const results = await Promise.allSettled(
      Array.from({ length: 14 }, (_, i) =>
        c.send(new CreateSMSSandboxPhoneNumberCommand({ PhoneNumber: `+4477009001${String(i).padStart(2, '0')}` })),
      ),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 10);
    assert.deepEqual(
      [...new Set(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.name))],
      ['UserErrorException'],
    );
    // The same number twice at once: both answered, one row.
    const other = sns(account());
    const same = await Promise.allSettled(
      [0, 1].map(() => other.send(new CreateSMSSandboxPhoneNumberCommand({ PhoneNumber: '+447700900200' }))),
    );
    assert.ok(
      same.every((r) => r.status === 'fulfilled'),
      JSON.stringify(same),
    );
    assert.deepEqual((await other.send(new ListSMSSandboxPhoneNumbersCommand({}))).PhoneNumbers, [
      { PhoneNumber: '+447700900200', Status: 'Pending' },
    ]);
  });

  test('opted-out numbers: checked, listed, not delivered to, opted back in', async () => {
    const acct = account();
    const c = sns(acct);
    await operator(['leave-sandbox', '--account', acct]);
    const phone = '+4915112340002';
    assert.equal((await c.send(new CheckIfPhoneNumberIsOptedOutCommand({ phoneNumber: phone }))).isOptedOut, false);
    assert.deepEqual((await c.send(new ListPhoneNumbersOptedOutCommand({}))).phoneNumbers, []);
    await operator(['opt-out', '--account', acct, '--number', phone]);
    assert.equal((await c.send(new CheckIfPhoneNumberIsOptedOutCommand({ phoneNumber: phone }))).isOptedOut, true);
    assert.deepEqual((await c.send(new ListPhoneNumbersOptedOutCommand({}))).phoneNumbers, [phone]);
    const p = await c.send(new PublishCommand({ PhoneNumber: phone, Message: 'stop?' }));
    assert.equal((await message(p.MessageId!)).lastError, 'Phone number is opted out');
    await c.send(new OptInPhoneNumberCommand({ phoneNumber: phone }));
    assert.equal((await c.send(new CheckIfPhoneNumberIsOptedOutCommand({ phoneNumber: phone }))).isOptedOut, false);
    await c.send(new OptInPhoneNumberCommand({ phoneNumber: '+4411111111' }));
    await rejectsWith(
      c.send(new OptInPhoneNumberCommand({ phoneNumber: 'invalid' })),
      'InvalidParameterException',
      'Invalid parameter: PhoneNumber Reason: input incorrectly formatted',
    );
  });

  test('US numbers need an origination identity; SNS prefers short code, then 10DLC, then toll-free', async () => {
    const acct = account();
    const c = sns(acct);
    await operator(['leave-sandbox', '--account', acct]);
    const us = '+12065550100';
    const none = await c.send(new PublishCommand({ PhoneNumber: us, Message: 'no identity' }));
    assert.match((await message(none.MessageId!)).lastError!, /No origination identity/);

    await operator(['add-origination-number', '--account', acct, '--number', '+18445550100', '--type', 'toll-free']);
    const tollFree = await c.send(new PublishCommand({ PhoneNumber: us, Message: 'via toll-free' }));
    assert.equal((await message(tollFree.MessageId!)).sender, '+18445550100');
    await operator(['add-origination-number', '--account', acct, '--number', '+12065550199', '--type', '10dlc']);
    assert.equal(
      (await message((await c.send(new PublishCommand({ PhoneNumber: us, Message: 'via 10DLC' }))).MessageId!)).sender,
      '+12065550199',
    );
    await operator(['add-origination-number', '--account', acct, '--number', '12345', '--type', 'short-code']);
    assert.equal(
      (await message((await c.send(new PublishCommand({ PhoneNumber: us, Message: 'via short code' }))).MessageId!))
        .sender,
      '12345',
    );
    assert.deepEqual(await waitSms(acct, us, 3), ['via toll-free', 'via 10DLC', 'via short code']);

    const listed = (await c.send(new ListOriginationNumbersCommand({}))).PhoneNumbers!;
    assert.deepEqual(listed.map((p) => [p.PhoneNumber, p.Iso2CountryCode, p.RouteType, p.NumberCapabilities]).sort(), [
      ['+12065550199', 'US', 'Transactional', ['SMS']],
      ['+18445550100', 'US', 'Transactional', ['SMS']],
      ['12345', 'US', 'Transactional', ['SMS']],
    ]);
    // AWS.SNS.SMS.MaxPrice below the destination's price stops the SMS (a US SMS costs 0.00581 USD in the table).
    const capped = await c.send(
      new PublishCommand({
        PhoneNumber: us,
        Message: 'too dear',
        MessageAttributes: { 'AWS.SNS.SMS.MaxPrice': { DataType: 'Number', StringValue: '0.005' } },
      }),
    );
    assert.equal((await message(capped.MessageId!)).lastError, 'This delivery would exceed max price');
    // Non-US numbers need none.
    const de = await c.send(new PublishCommand({ PhoneNumber: '+4915112340003', Message: 'hallo' }));
    assert.equal((await message(de.MessageId!)).status === 'failed', false);
  });

  test('past the monthly spend limit SMS stop: accepted, but not delivered', async () => {
    const acct = account();
    const c = sns(acct);
    await operator(['leave-sandbox', '--account', acct]);
    // Germany: 0.0883 USD a message in the price table, so the default 1.00 USD pays for 11.
    const phone = '+4915112340004';
    const ids: string[] = [];
    for (let i = 0; i < 12; i++)
      ids.push((await c.send(new PublishCommand({ PhoneNumber: phone, Message: `m${i}` }))).MessageId!);
    const last = await message(ids[11]);
    assert.equal(last.status, 'failed');
    assert.equal(last.lastError, 'No quota left for account');
    assert.equal((await waitSms(acct, phone, 11)).length, 11);
    const status = await operator(['status', '--account', acct]);
    assert.equal(status.monthlySpendLimitUsd, 1);
    assert.equal(status.messagesThisMonth, 11);
    assert.ok(Math.abs(status.monthToDateSpentUsd - 0.9713) < 1e-9, String(status.monthToDateSpentUsd));
    // The limit cannot pass the account's quota; once AWS Support (here the operator) raises it, it can.
    await rejectsWith(
      c.send(new SetSMSAttributesCommand({ attributes: { MonthlySpendLimit: '2' } })),
      'InvalidParameterException',
      /spend quota of 1 USD/,
    );
    await operator(['set-spend-quota', '--account', acct, '--usd', '10']);
    assert.deepEqual((await c.send(new GetSMSAttributesCommand({}))).attributes, { MonthlySpendLimit: '10' });
    await c.send(new SetSMSAttributesCommand({ attributes: { MonthlySpendLimit: '2' } }));
    const again = await c.send(new PublishCommand({ PhoneNumber: phone, Message: 'more' }));
    assert.notEqual((await message(again.MessageId!)).status, 'failed');
  });

  test('many concurrent publishes never pass the limit', async () => {
    const acct = account();
    const c = sns(acct);
    await operator(['leave-sandbox', '--account', acct]);
    const ids = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        c.send(new PublishCommand({ PhoneNumber: `+491511234${String(1000 + i)}`, Message: 'x' })),
      ),
    );
    const statuses = await Promise.all(ids.map((r) => message(r.MessageId!)));
    assert.equal(statuses.filter((m) => m.lastError === 'No quota left for account').length, 19);
  });
});

test('the AWS CLI speaks SNS SMS to cognate', {
  skip: awsCliMissing,
}, async () => {
  const s = await startServer();
  try {
    const aws = async (...args: string[]) =>
      JSON.parse(
        (
          await promisify(execFile)(AWS_CLI, ['--endpoint-url', s.url, '--output', 'json', 'sns', ...args], {
            env: {
              PATH: AWS_CLI_PATH,
              HOME: process.env.HOME ?? '/tmp',
              AWS_ACCESS_KEY_ID: 'test',
              AWS_SECRET_ACCESS_KEY: 'test',
              AWS_DEFAULT_REGION: 'us-east-1',
              AWS_PAGER: '',
            },
          })
        ).stdout || '{}',
      );
    assert.deepEqual(await aws('get-sms-sandbox-account-status'), { IsInSandbox: true });
    assert.deepEqual(await aws('get-sms-attributes'), { attributes: { MonthlySpendLimit: '1' } });
    await aws('create-sms-sandbox-phone-number', '--phone-number', '+4915112340009');
    assert.deepEqual(await aws('list-sms-sandbox-phone-numbers'), {
      PhoneNumbers: [{ PhoneNumber: '+4915112340009', Status: 'Pending' }],
    });
    const published = await aws('publish', '--phone-number', '+4915112340009', '--message', 'hello');
    assert.match(published.MessageId, /^[0-9a-f-]{36}$/);
    await assert.rejects(
      aws('publish', '--phone-number', '+1a234', '--message', 'x'),
      /InvalidParameter.*\+1a234 is not valid to publish to/,
    );
  } finally {
    await s.stop();
  }
});

test('sandbox numbers: five passwords a day, five guesses a password, deleted only after 24 hours', async () => {
  const clock = testClock();
  const s = await startServer({ now: clock.now });
  try {
    const c = s.client(SNSClient, { accessKeyId: '100000000099' });
    const phone = '+4915112340010';
    const texts = async () =>
      (
        (await (
          await fetch(`${s.url}/_aws/sns/sms-messages?accountId=100000000099&phoneNumber=${encodeURIComponent(phone)}`)
        ).json()) as { sms_messages: Record<string, { Message: string }[]> }
      ).sms_messages[phone] ?? [];
    for (let i = 0; i < 5; i++) await c.send(new CreateSMSSandboxPhoneNumberCommand({ PhoneNumber: phone }));
    await rejectsWith(c.send(new CreateSMSSandboxPhoneNumberCommand({ PhoneNumber: phone })), 'ThrottledException');
    clock.advance(24 * 60 * 60 * 1000);
    await c.send(new CreateSMSSandboxPhoneNumberCommand({ PhoneNumber: phone }));
    const sent = await until('six passwords', async () => {
      const t = await texts();
      return t.length >= 6 ? t : undefined;
    });
    const otp = /(\d{6})/.exec(sent.at(-1)!.Message)![1];
    const wrong = otp === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++)
      await rejectsWith(
        c.send(new VerifySMSSandboxPhoneNumberCommand({ PhoneNumber: phone, OneTimePassword: wrong })),
        'VerificationException',
      );
    // Five wrong guesses spend the password: even the right one fails now.
    await rejectsWith(
      c.send(new VerifySMSSandboxPhoneNumberCommand({ PhoneNumber: phone, OneTimePassword: otp })),
      'VerificationException',
    );
    await rejectsWith(c.send(new DeleteSMSSandboxPhoneNumberCommand({ PhoneNumber: phone })), 'UserErrorException');
    clock.advance(24 * 60 * 60 * 1000);
    await c.send(new DeleteSMSSandboxPhoneNumberCommand({ PhoneNumber: phone }));
    assert.deepEqual((await c.send(new ListSMSSandboxPhoneNumbersCommand({}))).PhoneNumbers, []);
  } finally {
    await s.stop();
  }
});

test('cognate sns refuses what is typed wrong as cognate start does: usage note, the AWS CLI line, exit 2', async () => {
  const cli = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        [fileURLToPath(new URL('../src/cli/main.js', import.meta.url)), 'sns', ...args],
        { timeout: 30_000 },
        (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code) : 0, stdout, stderr }),
      ),
    );
  const note = 'usage: cognate sns <command> [options]\nTo see help text, you can run:\n\n  cognate sns --help\n\n';
  assert.deepEqual(await cli('status', '--bogus', '--nope=1'), {
    code: 2,
    stdout: '',
    stderr: `${note}Unknown options: --bogus, --nope\n`,
  });
  assert.equal(
    (await cli('opt-out', '--number')).stderr,
    `${note}cognate: error: argument --number: expected one argument\n`,
  );
  const unknown = await cli('stauts');
  assert.equal(unknown.code, 2);
  assert.equal(
    unknown.stderr,
    `${note}cognate: error: argument command: Invalid choice, valid choices are:\n\nstatus | leave-sandbox | enter-sandbox | set-spend-quota | add-origination-number | remove-origination-number | opt-out\n`,
  );
});
