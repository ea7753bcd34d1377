// `cognate setup email`: the mission's email procedure run through the CLI's entry against a
// cognate started here, as a person would run it: the address verified by following the link in
// the captured mail while --wait polls, a domain by publishing the DNS records the command prints
// in the test's DNS server. The pool ends DEVELOPER with every other setting as it was (compared
// field by field), a sign-up's code comes from the new From, --dry-run and a second run change
// nothing, and every operation sent is one of the AWS models'.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  SignUpCommand,
  type CognitoIdentityProviderClient,
  type CreateUserPoolRequest,
  type UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetAccountCommand, GetEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { codeIn, eachBackend, rejectsWith, startServer, testClock, type TestServer } from './support/server.js';
import { followVerificationLink } from './support/ses.js';
import { startDns } from './support/dns.js';
import { run, type EmailSetupReport } from '../src/cli/setup/email.js';
import { CARRIED, carryOver } from '../src/setup/update-user-pool.js';
import { UsageError } from '../src/cli/args.js';
import type { ServiceModel } from '../src/kernel/model.js';

const ACCOUNT = '123456789012';

// The standard credential chain reads the environment: the keys name the account on cognate.
process.env.AWS_ACCESS_KEY_ID = ACCOUNT;
process.env.AWS_SECRET_ACCESS_KEY = 'secret';
delete process.env.AWS_PROFILE;
delete process.env.COGNATE_ENDPOINT;

/** A pool with many settings away from their defaults, so a reset would show. */
const SETTINGS: Omit<CreateUserPoolRequest, 'PoolName'> = {
  Policies: { PasswordPolicy: { MinimumLength: 12, RequireSymbols: false, TemporaryPasswordValidityDays: 3 } },
  DeletionProtection: 'ACTIVE',
  AutoVerifiedAttributes: ['email'],
  UsernameAttributes: ['email'],
  UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
  VerificationMessageTemplate: { SmsMessage: 'Code {####}', DefaultEmailOption: 'CONFIRM_WITH_CODE' },
  SmsAuthenticationMessage: 'Sign-in code {####}',
  DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
  AdminCreateUserConfig: {
    AllowAdminCreateUserOnly: false,
    InviteMessageTemplate: { SMSMessage: 'Hi {username} {####}' },
  },
  UserPoolTags: { team: 'identity' },
  AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
};

async function models(): Promise<Record<string, ServiceModel>> {
  const out: Record<string, ServiceModel> = {};
  for (const service of ['cognito-idp', 'sesv2', 'sts', 'iam', 'sns'])
    out[service] = (await import(`../src/generated/${service}/model.js`)).model as ServiceModel;
  return out;
}

/** Every member of the two descriptions, but LastModifiedDate and those named, is the same. */
function sameExcept(before: UserPoolType, after: UserPoolType, changed: string[]): void {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const k of keys) {
    if (k === 'LastModifiedDate' || changed.includes(k)) continue;
    assert.deepEqual(
      (after as Record<string, unknown>)[k],
      (before as Record<string, unknown>)[k],
      `DescribeUserPool's ${k} changed`,
    );
  }
}

test("the carried-over members are UpdateUserPoolRequest's, read from DescribeUserPool's UserPoolType", async () => {
  const { model } = await import('../src/generated/cognito-idp/model.js');
  const request = Object.keys(model.shapes.UpdateUserPoolRequest.m as Record<string, string>);
  assert.deepEqual(Object.keys(CARRIED).sort(), request.filter((m) => m !== 'UserPoolId').sort());
  assert.equal(CARRIED.PoolName, 'Name');
  assert.equal(CARRIED.EmailConfiguration, 'EmailConfiguration');
});

test("DescribeUserPool's mirror UnusedAccountValidityDays is dropped when the password policy carries TemporaryPasswordValidityDays", () => {
  const pool: UserPoolType = {
    Id: 'us-east-1_X',
    Name: 'p',
    Policies: { PasswordPolicy: { TemporaryPasswordValidityDays: 3 } },
    AdminCreateUserConfig: { AllowAdminCreateUserOnly: true, UnusedAccountValidityDays: 3 },
  };
  const input = carryOver(pool, { DeletionProtection: 'ACTIVE' });
  assert.deepEqual(input.AdminCreateUserConfig, { AllowAdminCreateUserOnly: true });
  assert.equal(input.PoolName, 'p');
  assert.equal(input.UserPoolId, 'us-east-1_X');
  assert.equal(input.DeletionProtection, 'ACTIVE');
  // Without the policy's value the legacy member is all there is, and is sent back.
  const legacy = carryOver({ ...pool, Policies: {} }, {});
  assert.deepEqual(legacy.AdminCreateUserConfig, pool.AdminCreateUserConfig);
});

test("bad command lines are refused in the AWS CLI's words", async () => {
  const text = async (argv: string[]) => {
    try {
      await run(argv, () => {});
    } catch (e) {
      assert.ok(e instanceof UsageError);
      return e.text();
    }
    throw new Error('accepted');
  };
  assert.match(await text(['--from', 'a@example.com']), /the following arguments are required: --pool$/m);
  assert.match(await text(['--pool', 'us-east-1_X', '--from', 'a@x.com', '--bogus']), /Unknown options: --bogus/);
  assert.match(
    await text(['--pool', 'us-east-1_X', '--from', 'a@x.com', '--identity', 'y.com']),
    /a@x.com is not the identity y.com/,
  );
  assert.match(
    await text(['--pool', 'eu-west-3_X', '--from', 'a@x.com', '--ses-region', 'us-east-1']),
    /may use SES in eu-west-3, not us-east-1/,
  );
  assert.match(
    await text(['--pool', 'us-east-1_X', '--from', 'a@x.com', '--request-production']),
    /requires --website-url/,
  );
});

eachBackend('cognate setup email', (backend) => {
  let s: TestServer;
  let dns: Awaited<ReturnType<typeof startDns>>;
  let c: CognitoIdentityProviderClient;
  let ses: SESv2Client;
  const clock = testClock();
  const sent: EmailSetupReport['calls'] = [];

  before(async () => {
    dns = await startDns({ cname: {} });
    s = await startServer({ backend, now: clock.now, flags: { 'dns-server': dns.address } });
    c = s.cognito({ accessKeyId: ACCOUNT });
    ses = s.client(SESv2Client, { accessKeyId: ACCOUNT });
  });
  after(async () => {
    await s.stop();
    await dns.stop();
  });

  const pool = async (name: string) =>
    (await c.send(new CreateUserPoolCommand({ PoolName: name, ...SETTINGS }))).UserPool!.Id!;
  const describe = async (id: string) => (await c.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool!;

  /** Runs the command; `watch` sees the output as it is printed. */
  const setup = async (argv: string[], watch?: (printed: string) => void) => {
    let printed = '';
    const code = await run(
      [...argv, '--endpoint', s.url],
      (t) => {
        printed += t;
        watch?.(printed);
      },
      { pollMs: 10, tty: false },
    );
    return { code, printed };
  };
  const json = async (argv: string[]) => {
    const { code, printed } = await setup([...argv, '--json']);
    const report = JSON.parse(printed) as EmailSetupReport;
    sent.push(...report.calls);
    return { code, report };
  };

  test('--dry-run prints the plan, each call with its input, and changes nothing', async () => {
    const id = await pool('dry');
    const before = await describe(id);
    const { code, report } = await json(['--pool', id, '--from', 'Auth <auth@example.com>', '--dry-run']);
    assert.equal(code, 0);
    assert.equal(report.outcome, 'planned');
    const planned = report.steps.filter((st) => st.status === 'planned').flatMap((st) => st.calls ?? []);
    assert.deepEqual(
      planned.map((p) => p.operation),
      ['CreateEmailIdentity', 'UpdateUserPool'],
    );
    assert.deepEqual(planned[0].input, { EmailIdentity: 'auth@example.com' });
    const update = planned[1].input as Record<string, unknown>;
    assert.deepEqual(update.EmailConfiguration, {
      EmailSendingAccount: 'DEVELOPER',
      SourceArn: `arn:aws:ses:us-east-1:${ACCOUNT}:identity/auth@example.com`,
      From: 'Auth <auth@example.com>',
    });
    assert.deepEqual(update.UserPoolTags, { team: 'identity' });
    assert.ok(
      report.calls.every((call) => /^(Describe|Get)/.test(call.operation)),
      JSON.stringify(report.calls),
    );
    await rejectsWith(
      ses.send(new GetEmailIdentityCommand({ EmailIdentity: 'auth@example.com' })),
      'NotFoundException',
    );
    assert.deepEqual(await describe(id), before);
    const text = await setup(['--pool', id, '--from', 'auth@example.com', '--dry-run']);
    assert.match(text.printed, /would call sesv2 CreateEmailIdentity \{"EmailIdentity":"auth@example.com"\}/);
    assert.match(text.printed, /would call cognito-idp UpdateUserPool \{"UserPoolId":/);
  });

  test("a fresh COGNITO_DEFAULT pool ends DEVELOPER through a verified address; only its email settings change; a sign-up's code comes from the new From", async () => {
    const id = await pool('address');
    const before = await describe(id);
    assert.equal(before.EmailConfiguration?.EmailSendingAccount, 'COGNITO_DEFAULT');
    let following: Promise<string> | undefined;
    const { code, printed } = await setup(
      [
        '--pool',
        id,
        '--from',
        'Auth <auth@example.com>',
        '--reply-to',
        'help@example.com',
        '--wait',
        '--request-production',
        '--website-url',
        'https://example.com',
      ],
      // The person opens the link once the command says a verification email is on its way.
      (out) => {
        if (!following && /open the link in it/.test(out)) following = followVerificationLink(s, 'auth@example.com');
      },
    );
    assert.ok(following, printed);
    assert.match(await following, /Congratulations/);
    assert.equal(code, 0, printed);
    assert.match(printed, /\[done {5}\] identity: SES had no identity auth@example.com in us-east-1/);
    assert.match(printed, /waiting for auth@example.com: PENDING/);
    assert.match(printed, /\[done {5}\] verification: SES verified auth@example.com/);
    assert.match(printed, /\[done {5}\] sandbox: Production access requested in us-east-1, and granted/);
    assert.match(printed, /\[done {5}\] email configuration:/);
    assert.match(printed, /cognate doctor email: pool/);
    assert.match(printed, /verdict: ok/);

    const after = await describe(id);
    assert.deepEqual(after.EmailConfiguration, {
      EmailSendingAccount: 'DEVELOPER',
      SourceArn: `arn:aws:ses:us-east-1:${ACCOUNT}:identity/auth@example.com`,
      From: 'Auth <auth@example.com>',
      ReplyToEmailAddress: 'help@example.com',
    });
    sameExcept(before, after, ['EmailConfiguration']);
    assert.equal((await ses.send(new GetAccountCommand({}))).ProductionAccessEnabled, true);

    const clientId = (await c.send(new CreateUserPoolClientCommand({ UserPoolId: id, ClientName: 'web' })))
      .UserPoolClient!.ClientId!;
    await c.send(new SignUpCommand({ ClientId: clientId, Username: 'bob@example.net', Password: 'Passw0rd!Passw0rd' }));
    const mail = await s.waitForEmail('bob@example.net');
    assert.equal(mail.Source, 'Auth <auth@example.com>');
    assert.match(codeIn(mail), /^\d{6}$/);

    // A second run reads and changes nothing.
    const settled = await describe(id);
    const again = await json(['--pool', id, '--from', 'Auth <auth@example.com>', '--reply-to', 'help@example.com']);
    assert.equal(again.code, 0);
    assert.equal(again.report.outcome, 'unchanged');
    assert.deepEqual(
      again.report.steps.map((st) => [st.step, st.status]),
      [
        ['pool', 'info'],
        ['identity', 'unchanged'],
        ['sandbox', 'unchanged'],
        ['email configuration', 'unchanged'],
      ],
    );
    assert.ok(again.report.calls.every((call) => /^(Describe|Get)/.test(call.operation)));
    assert.equal(again.report.doctor?.verdict, 'ok');
    // The doctor's own source: on cognate it read the delivery log (the sign-up's email), nothing unavailable.
    assert.equal(again.report.doctor?.unavailable, undefined);
    assert.match(
      JSON.stringify(again.report.doctor?.findings),
      /No failed deliveries among this pool's last [1-9]\d* email/,
    );
    assert.deepEqual(await describe(id), settled);
  });

  test('a domain identity: the DKIM records printed as zone-file lines, published, and waited for', async () => {
    const id = await pool('domain');
    const before = await describe(id);
    let published = false;
    const { code, printed } = await setup(
      ['--pool', id, '--from', 'noreply@mail.example.org', '--identity', 'mail.example.org', '--wait'],
      (out) => {
        const lines = [...out.matchAll(/^ {4}(\S+)\. IN CNAME (\S+)\.$/gm)];
        if (published || lines.length < 3) return;
        for (const [, name, target] of lines) dns.zone.cname![name] = target;
        published = true;
        clock.advance(31_000); // SES looks again (cognate: at most every 30 s while asked)
      },
    );
    assert.ok(published, printed);
    assert.equal(code, 0, printed);
    assert.match(printed, /Publish these DNS records in the zone of mail\.example\.org/);
    assert.match(printed, /\[done {5}\] verification: SES verified mail\.example\.org/);
    const after = await describe(id);
    assert.deepEqual(after.EmailConfiguration, {
      EmailSendingAccount: 'DEVELOPER',
      SourceArn: `arn:aws:ses:us-east-1:${ACCOUNT}:identity/mail.example.org`,
      From: 'noreply@mail.example.org',
    });
    sameExcept(before, after, ['EmailConfiguration']);

    // Re-run without --identity: the pool's domain identity is kept for an address in it.
    const again = await json(['--pool', id, '--from', 'noreply@mail.example.org']);
    assert.equal(again.report.outcome, 'unchanged');
    assert.equal(again.report.identity, 'mail.example.org');
    assert.ok(again.report.calls.every((call) => /^(Describe|Get)/.test(call.operation)));
  });

  test('without --wait it stops after creating the identity and says what to do; the next run finishes', async () => {
    const id = await pool('later');
    const first = await json(['--pool', id, '--from', 'later@example.com']);
    assert.equal(first.code, 3);
    assert.equal(first.report.outcome, 'waiting for verification');
    assert.deepEqual(
      first.report.steps.map((st) => [st.step, st.status]),
      [
        ['pool', 'info'],
        ['identity', 'done'],
        ['verification', 'waiting'],
        ['sandbox', 'unchanged'],
        ['email configuration', 'waiting'],
      ],
    );
    assert.equal((await describe(id)).EmailConfiguration?.EmailSendingAccount, 'COGNITO_DEFAULT');
    // --wait with no time left asks once and stops.
    const timedOut = await json(['--pool', id, '--from', 'later@example.com', '--wait', '--timeout', '0']);
    assert.equal(timedOut.code, 3);
    assert.match(timedOut.report.steps.filter((st) => st.step === 'verification').at(-1)!.detail, /--timeout 0/);
    await followVerificationLink(s, 'later@example.com');
    const second = await json(['--pool', id, '--from', 'later@example.com']);
    assert.equal(second.code, 0);
    assert.equal(second.report.outcome, 'configured');
    assert.equal((await describe(id)).EmailConfiguration?.EmailSendingAccount, 'DEVELOPER');
  });

  test("a pool that does not exist: AWS's refusal, exit code 2", async () => {
    const { code, report } = await json(['--pool', 'us-east-1_NoSuchPool', '--from', 'a@example.com']);
    assert.equal(code, 2);
    assert.equal(report.outcome, 'failed');
    assert.equal(report.error?.code, 'ResourceNotFoundException');
  });

  test('every operation the runs sent is a public operation of its AWS model', async () => {
    const all = await models();
    assert.ok(sent.length > 10);
    for (const call of sent)
      assert.ok(all[call.service]?.operations[call.operation], `${call.service} ${call.operation} is in no model`);
    const used = new Set(sent.map((call) => `${call.service} ${call.operation}`));
    for (const op of ['cognito-idp DescribeUserPool', 'cognito-idp UpdateUserPool', 'sesv2 CreateEmailIdentity'])
      assert.ok(used.has(op), op);
  });
});
