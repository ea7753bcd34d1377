// `cognate setup sms` against a cognate started here, through the command's run function (as
// `cognate setup sms ...` runs it), signed as one account through the SDK's credential chain (the
// environment). What a user sees: the pool's settings before and after, field by field; the role
// IAM shows; the one-time password SNS texts to the sandbox number, read from cognate's SMS outbox
// as the person would read their phone; a sign-up's SMS arriving.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import {
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  SignUpCommand,
  UpdateUserPoolCommand,
  type CognitoIdentityProviderClient,
  type UserPoolType,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  CreateRoleCommand,
  GetRoleCommand,
  IAMClient,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { ListSMSSandboxPhoneNumbersCommand, SNSClient } from '@aws-sdk/client-sns';
import { eachBackend, rejectsWith, startServer, type TestServer } from './support/server.js';
import { PUBLISH_POLICY, trustPolicy } from './support/sms.js';
import { run, type SetupIo, type SmsSetupReport } from '../src/cli/setup/sms.js';
import { UsageError } from '../src/cli/args.js';
import { model as cognitoModel } from '../src/generated/cognito-idp/model.js';
import { model as iamModel } from '../src/generated/iam/model.js';
import { model as snsModel } from '../src/generated/sns/model.js';
import { model as stsModel } from '../src/generated/sts/model.js';
import { model as sesv2Model } from '../src/generated/sesv2/model.js';

const ACCOUNT = '444455556666';
// The SDK's credential chain reads the environment first: every run of the command signs as ACCOUNT.
process.env.AWS_ACCESS_KEY_ID = ACCOUNT;
process.env.AWS_SECRET_ACCESS_KEY = 'test';
delete process.env.AWS_PROFILE;

type Report = SmsSetupReport;

const MODELS: Record<string, { operations: Record<string, unknown> }> = {
  'cognito-idp': cognitoModel,
  iam: iamModel,
  sns: snsModel,
  sts: stsModel,
  sesv2: sesv2Model,
};

/** Runs `cognate setup sms ... --json --endpoint <server>`; its exit code and JSON report. */
async function setup(s: TestServer, args: string[], io: SetupIo = { interactive: false }) {
  const out: string[] = [];
  const code = await run([...args, '--json', '--endpoint', s.url], (x) => out.push(x), io);
  const report = JSON.parse(out.join('')) as Report;
  // Every operation the run sent is a public operation of its service's model.
  for (const { service, operation } of report.calls)
    assert.ok(MODELS[service]?.operations[operation], `${operation} is an operation of the ${service} model`);
  return { code, report, results: Object.fromEntries(report.steps.map((st) => [st.step, st.status])) };
}

async function until<T>(what: string, f: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const v = await f();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no ${what}`);
}

/** The texts cognate's SMS outbox holds for `phone` (LocalStack's shape). */
async function texts(s: TestServer, phone: string): Promise<string[]> {
  const res = await fetch(
    `${s.url}/_aws/sns/sms-messages?accountId=${ACCOUNT}&phoneNumber=${encodeURIComponent(phone)}`,
  );
  const body = (await res.json()) as { sms_messages: Record<string, { Message: string }[]> };
  return (body.sms_messages[phone] ?? []).map((m) => m.Message);
}

const otpIn = (text: string) => /\b(\d{6})\b/.exec(text)?.[1];

const describe = async (c: CognitoIdentityProviderClient, id: string) =>
  (await c.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool as UserPoolType;

/** Every member of DescribeUserPool equal, but those named. */
function sameBut(after: UserPoolType, before: UserPoolType, changed: string[]): void {
  const a = after as Record<string, unknown>;
  const b = before as Record<string, unknown>;
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)]))
    if (!changed.includes(key)) assert.deepEqual(a[key], b[key], `DescribeUserPool's ${key} is unchanged`);
}

eachBackend('cognate setup sms', (backend) => {
  test('a pool with no SmsConfiguration ends with a working role and a verified sandbox number receiving a sign-up SMS', async (t) => {
    const s = await startServer({ backend });
    t.after(() => s.stop());
    const cognito = s.cognito({ accessKeyId: ACCOUNT });
    const iam = s.client(IAMClient, { accessKeyId: ACCOUNT });
    const sns = s.client(SNSClient, { accessKeyId: ACCOUNT });
    const phone = '+447700900456';
    // A pool with much set that UpdateUserPool would reset if it were not sent back.
    const pool = (
      await cognito.send(
        new CreateUserPoolCommand({
          PoolName: 'setup-sms',
          AutoVerifiedAttributes: ['phone_number'],
          Policies: { PasswordPolicy: { MinimumLength: 12, RequireSymbols: false, TemporaryPasswordValidityDays: 3 } },
          DeletionProtection: 'ACTIVE',
          VerificationMessageTemplate: { SmsMessage: 'Setup code {####}', EmailSubject: 'Hello' },
          SmsAuthenticationMessage: 'Sign-in code {####}',
          DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
          UserPoolTags: { team: 'auth' },
          AdminCreateUserConfig: {
            AllowAdminCreateUserOnly: false,
            InviteMessageTemplate: { SMSMessage: 'Hi {username} {####}' },
          },
          AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_phone_number', Priority: 1 }] },
          UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['phone_number'] },
        }),
      )
    ).UserPool!;
    const poolId = pool.Id!;
    const clientId = (await cognito.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app' })))
      .UserPoolClient!.ClientId!;
    const args = ['--pool', poolId, '--sandbox-number', phone];
    const before = await describe(cognito, poolId);
    assert.equal(before.SmsConfiguration, undefined);

    // --dry-run: the plan, each changing call with its input; nothing changes.
    const dry = await setup(s, [...args, '--dry-run']);
    assert.equal(dry.code, 0);
    assert.deepEqual(dry.results, {
      role: 'planned',
      'publish-policy': 'planned',
      'user-pool': 'planned',
      sandbox: 'info',
      'sandbox-number': 'planned',
      'spend-limit': 'info',
      origination: 'info',
    });
    const plan = dry.report.steps.flatMap((st) => (st.calls ?? []).map((c) => `${c.service}:${c.operation}`));
    assert.deepEqual(plan, [
      'iam:CreateRole',
      'iam:PutRolePolicy',
      'cognito-idp:UpdateUserPool',
      'sns:CreateSMSSandboxPhoneNumber',
      'sns:VerifySMSSandboxPhoneNumber',
    ]);
    const planned = dry.report.steps.find((st) => st.step === 'user-pool')!.calls![0].input as Record<string, unknown>;
    assert.deepEqual(planned.SmsConfiguration, dry.report.smsConfiguration);
    assert.equal(planned.PoolName, 'setup-sms');
    for (const { operation } of dry.report.calls)
      assert.doesNotMatch(operation, /^(Create|Put|Update|Verify)/, `--dry-run sent ${operation}`);
    assert.deepEqual(await describe(cognito, poolId), before);
    await rejectsWith(iam.send(new GetRoleCommand({ RoleName: `CognitoSms-${poolId}` })), 'NoSuchEntityException');
    assert.deepEqual((await sns.send(new ListSMSSandboxPhoneNumbersCommand({}))).PhoneNumbers, []);
    assert.equal(await texts(s, phone).then((x) => x.length), 0);

    // First run: role, permission and pool set; the number added, and the run stops for its password.
    const first = await setup(s, args);
    assert.equal(first.code, 3);
    assert.equal(first.report.waitingFor, 'otp');
    assert.deepEqual(first.results, {
      role: 'done',
      'publish-policy': 'done',
      'user-pool': 'done',
      sandbox: 'info',
      'sandbox-number': 'waiting',
      'spend-limit': 'info',
      origination: 'info',
    });
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/CognitoSms-${poolId}`;
    const { SnsCallerArn, ExternalId, SnsRegion } = first.report.smsConfiguration!;
    assert.equal(SnsCallerArn, roleArn);
    assert.match(ExternalId, /^[0-9a-f-]{36}$/);
    assert.equal(SnsRegion, 'us-east-1');
    const after = await describe(cognito, poolId);
    assert.deepEqual(after.SmsConfiguration, { SnsCallerArn, ExternalId, SnsRegion });
    // Only what the procedure meant to change (SmsConfigurationFailure: the sandbox, as Cognito says it).
    sameBut(after, before, ['SmsConfiguration', 'SmsConfigurationFailure', 'LastModifiedDate']);
    // The role is the developer guide's, as IAM shows it.
    const role = (await iam.send(new GetRoleCommand({ RoleName: `CognitoSms-${poolId}` }))).Role!;
    assert.deepEqual(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!)).Statement[0].Condition, {
      StringEquals: { 'sts:ExternalId': ExternalId, 'aws:SourceAccount': ACCOUNT },
      ArnLike: { 'aws:SourceArn': pool.Arn },
    });

    // The person reads the password on their phone and runs the command again with it.
    const otp = await until('one-time password', async () => {
      const got = await texts(s, phone);
      return got.length ? otpIn(got[0]) : undefined;
    });
    const second = await setup(s, [...args, '--otp', otp]);
    assert.equal(second.code, 0, JSON.stringify(second.report.steps));
    assert.equal(second.results['sandbox-number'], 'done');
    assert.equal(second.results.role, 'unchanged');
    assert.equal(second.results['trust-policy'], 'unchanged');
    assert.equal(second.results['user-pool'], 'unchanged');
    assert.deepEqual(second.report.sns?.sandboxNumbers, [{ phoneNumber: phone, status: 'Pending' }]);
    assert.deepEqual((await sns.send(new ListSMSSandboxPhoneNumbersCommand({}))).PhoneNumbers, [
      { PhoneNumber: phone, Status: 'Verified' },
    ]);
    // The one-time password is never shown.
    assert.ok(!JSON.stringify(second.report).includes(otp));
    // The doctor's report: the role works; only the sandbox keeps SMS from unverified numbers.
    assert.equal(second.report.doctor?.trust?.allowed, true);
    assert.equal(second.report.doctor?.trust?.externalIdEnforced, true);
    assert.equal(second.report.doctor?.permission?.allowed, true);
    assert.equal(second.report.doctor?.sns?.inSandbox, true);

    // A sign-up's code reaches the verified number, in the pool's own words.
    await cognito.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: 'alice',
        Password: 'a-long-password-1',
        UserAttributes: [{ Name: 'phone_number', Value: phone }],
      }),
    );
    const code = await until('sign-up SMS', async () =>
      (await texts(s, phone)).find((m) => m.startsWith('Setup code')),
    );
    assert.match(code, /^Setup code \d{6}$/);

    // A second run after success changes nothing and says so.
    const settled = await describe(cognito, poolId);
    const third = await setup(s, args);
    assert.equal(third.code, 0);
    assert.equal(third.report.outcome, 'unchanged');
    assert.ok(third.report.steps.every((st) => st.status === 'unchanged' || st.status === 'info'));
    assert.deepEqual(await describe(cognito, poolId), settled);
    const text: string[] = [];
    assert.equal(await run([...args, '--endpoint', s.url], (x) => text.push(x), { interactive: false }), 0);
    assert.match(text.join(''), /Nothing to change: the pool was already set up/);
    assert.match(text.join(''), /trust policy: ok/);
  });

  test('a role with a broken trust policy is repaired; the password can be typed', async (t) => {
    const s = await startServer({ backend });
    t.after(() => s.stop());
    const cognito = s.cognito({ accessKeyId: ACCOUNT });
    const iam = s.client(IAMClient, { accessKeyId: ACCOUNT });
    const pool = (
      await cognito.send(new CreateUserPoolCommand({ PoolName: 'repair', AutoVerifiedAttributes: ['phone_number'] }))
    ).UserPool!;
    const poolId = pool.Id!;
    // Set up by hand, as the README's walkthrough does, then broken: no ExternalId condition, and
    // another pool's ARN; a second statement trusts Lambda, which the repair must keep.
    const roleArn = (
      await iam.send(
        new CreateRoleCommand({ RoleName: 'Sms', AssumeRolePolicyDocument: trustPolicy(ACCOUNT, pool.Arn!, 'ext-1') }),
      )
    ).Role!.Arn!;
    await iam.send(
      new PutRolePolicyCommand({ RoleName: 'Sms', PolicyName: 'publish', PolicyDocument: PUBLISH_POLICY }),
    );
    await cognito.send(
      new UpdateUserPoolCommand({
        UserPoolId: poolId,
        AutoVerifiedAttributes: ['phone_number'],
        SmsConfiguration: { SnsCallerArn: roleArn, ExternalId: 'ext-1', SnsRegion: 'us-east-1' },
      }),
    );
    const broken = JSON.parse(
      trustPolicy(ACCOUNT, `arn:aws:cognito-idp:us-east-1:${ACCOUNT}:userpool/us-east-1_other`),
    );
    broken.Statement.push({
      Effect: 'Allow',
      Principal: { Service: 'lambda.amazonaws.com' },
      Action: 'sts:AssumeRole',
    });
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'Sms', PolicyDocument: JSON.stringify(broken) }));
    const before = await describe(cognito, poolId);

    const dry = await setup(s, ['--pool', poolId, '--dry-run']);
    assert.equal(dry.results['trust-policy'], 'planned');
    assert.match(dry.report.steps.find((st) => st.step === 'trust-policy')!.detail, /Cognito may not assume the role/);
    const unrepaired = (await iam.send(new GetRoleCommand({ RoleName: 'Sms' }))).Role!;
    assert.deepEqual(JSON.parse(decodeURIComponent(unrepaired.AssumeRolePolicyDocument!)), broken);

    // The number's password typed on the terminal, once SNS has texted it.
    const phone = '+447700900789';
    const input = new PassThrough();
    const typed = until('one-time password', async () => {
      const got = await texts(s, phone);
      return got.length ? otpIn(got[0]) : undefined;
    }).then((otp) => input.write(`${otp}\n`));
    const repaired = await setup(s, ['--pool', poolId, '--sandbox-number', phone], { input, interactive: true });
    await typed;
    // --json asks nothing: the run waits for --otp instead.
    assert.equal(repaired.code, 3);
    assert.equal(repaired.results.role, 'unchanged');
    assert.equal(repaired.results['trust-policy'], 'done');
    assert.equal(repaired.results['publish-policy'], 'unchanged');
    assert.equal(repaired.results['user-pool'], 'unchanged');
    const trust = JSON.parse(
      decodeURIComponent((await iam.send(new GetRoleCommand({ RoleName: 'Sms' }))).Role!.AssumeRolePolicyDocument!),
    );
    assert.deepEqual(trust.Statement, [
      broken.Statement[1],
      {
        Effect: 'Allow',
        Principal: { Service: 'cognito-idp.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'sts:ExternalId': 'ext-1', 'aws:SourceAccount': ACCOUNT },
          ArnLike: { 'aws:SourceArn': pool.Arn },
        },
      },
    ]);
    // Cognito's view of the role: it failed the trust check before, only the sandbox is left after.
    assert.equal(before.SmsConfigurationFailure, 'InvalidSmsRoleTrustRelationshipException,SNSSandbox');
    const after = await describe(cognito, poolId);
    assert.equal(after.SmsConfigurationFailure, 'SNSSandbox');
    sameBut(after, before, ['SmsConfigurationFailure']);

    // Without --json, on a terminal, the password is asked for and typed.
    const out: string[] = [];
    const code = await run(['--pool', poolId, '--sandbox-number', phone, '--endpoint', s.url], (x) => out.push(x), {
      input,
      interactive: true,
    });
    assert.equal(code, 0, out.join(''));
    const printed = out.join('');
    assert.match(printed, /Type it \(empty to stop here\)/);
    assert.match(printed, /\[done {5}\] sandbox-number: verified \+447700900789/);
    assert.match(printed, /StringEquals sts:ExternalId: ok/);
  });

  test('what is typed wrong is refused as the AWS CLI refuses it', async () => {
    await assert.rejects(
      run(['--pool'], () => {}),
      (e: unknown) => e instanceof UsageError && /argument --pool: expected one argument/.test(e.line),
    );
    await assert.rejects(
      run([], () => {}),
      (e: unknown) => e instanceof UsageError && /required: --pool/.test(e.line),
    );
    await assert.rejects(
      run(['--pool', 'x', '--color'], () => {}),
      (e: unknown) => e instanceof UsageError && e.line === 'Unknown options: --color',
    );
  });
});
