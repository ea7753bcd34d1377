// The example handlers of examples/triggers/ (every trigger source, Node.js and Python), deployed as
// a user would: each zipped, created with `aws lambda create-function`, allowed with `aws lambda
// add-permission`, wired with `aws cognito-idp update-user-pool --lambda-config`; then each one's
// effect through the SDK: a domain rejected, a user auto-confirmed, a message rewritten, a welcome
// email sent, a client refused, a sign-in logged, claims and scopes added, a user migrated, a
// CUSTOM_AUTH passed and failed, and codes the custom senders decrypted and delivered themselves.
// Per runtime two pools: one with every trigger but the senders and PreTokenGeneration V2_0, one
// with the custom senders (which take over Cognito's own messages) and PreTokenGeneration V1_0.
import { after, before, describe, type TestContext, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  type CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  type LambdaConfigType,
  RespondToAuthChallengeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { decodeJwt } from 'jose';
import { rejectsWith, startServer, type MailboxMessage, type TestServer } from './support/server.js';
import { AWS_CLI_PATH, awsCliBatch, awsCliMissing } from './support/aws-cli.js';
import { zipOf } from './support/lambda.js';
import { verifiedIdentity, waitForMail } from './support/ses.js';

const EXAMPLES = fileURLToPath(new URL('../../examples/triggers/', import.meta.url));
const ACCOUNT = '000000000000';
const SENDER = 'no-reply@example.com';
const TENANT = 'acme';
const PASSWORD = 'Passw0rd!';

/** Why Python cannot run here (false when it can), and why the Python senders cannot. */
const pythonMissing = (() => {
  try {
    execFileSync('python3', ['--version'], { stdio: 'ignore' });
    return false;
  } catch {
    return 'python3 is not installed';
  }
})();
const pythonSendersMissing =
  pythonMissing ||
  (() => {
    try {
      execFileSync('python3', ['-c', 'import boto3, cryptography'], { stdio: 'ignore' });
      return false;
    } catch {
      return "the Python senders need boto3 and cryptography (Debian's python3-boto3, python3-cryptography)";
    }
  })();

/** The examples, each with the pool it goes in and its environment. */
const EXAMPLE_NAMES = [
  'pre-sign-up',
  'post-confirmation',
  'pre-authentication',
  'post-authentication',
  'pre-token-generation-v2',
  'custom-message',
  'user-migration',
  'define-auth-challenge',
  'create-auth-challenge',
  'verify-auth-challenge-response',
  'pre-token-generation-v1',
  'custom-email-sender',
  'custom-sms-sender',
] as const;
type Example = (typeof EXAMPLE_NAMES)[number];
const SENDERS_POOL = new Set<Example>(['pre-token-generation-v1', 'custom-email-sender', 'custom-sms-sender']);

interface Runtime {
  name: 'nodejs' | 'python';
  runtime: string;
  handler: string;
  /** the files of an example's package, by their names in the zip */
  files(example: Example): Record<string, string>;
}

const read = (...path: string[]) => readFileSync(join(EXAMPLES, ...path), 'utf8');

const NODE: Runtime = {
  name: 'nodejs',
  runtime: 'nodejs22.x',
  handler: 'index.handler',
  files: (example) => ({ 'index.mjs': read('nodejs', example, 'index.mjs') }),
};
const PYTHON: Runtime = {
  name: 'python',
  runtime: 'python3.12',
  handler: 'lambda_function.lambda_handler',
  files: (example) => ({
    'lambda_function.py': read('python', example, 'lambda_function.py'),
    ...(example.startsWith('custom-') && example.endsWith('-sender')
      ? { 'encryption_sdk_message.py': read('python', 'lib', 'encryption_sdk_message.py') }
      : {}),
  }),
};

const s: { server?: TestServer; keyArn?: string } = {};

/** One server for both runtimes. */
async function startShared(): Promise<void> {
  const srv = await startServer();
  s.server = srv;
  // The handlers send from example.com through SES and to any number through SNS: a verified
  // domain, an account with production access, and SMS out of the sandbox, as a team would have.
  await verifiedIdentity(srv, 'example.com', { production: true });
  const out = await fetch(`${srv.url}/_cognate/sns/sandbox`, {
    method: 'POST',
    body: JSON.stringify({ inSandbox: false }),
  });
  assert.equal(out.status, 200);
  s.keyArn = (await srv.client(KMSClient).send(new CreateKeyCommand({ Description: 'cognito codes' }))).KeyMetadata!
    .Arn!;
}

async function deployAndRun(rt: Runtime, t: TestContext) {
  const srv = s.server!;
  const c: CognitoIdentityProviderClient = srv.cognito();
  const dir = mkdtempSync(join(tmpdir(), `cognate-trigger-examples-${rt.name}-`));
  try {
    // The pools and their app clients first (the SDK; each CLI call costs a Python start): the
    // PreAuthentication example is told which client to refuse.
    const newPool = async (name: string) =>
      (await c.send(new CreateUserPoolCommand({ PoolName: name, AutoVerifiedAttributes: ['email'] }))).UserPool!;
    const newClient = async (poolId: string, name: string) =>
      (
        await c.send(
          new CreateUserPoolClientCommand({
            UserPoolId: poolId,
            ClientName: name,
            ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
          }),
        )
      ).UserPoolClient!.ClientId!;
    const main = await newPool(`${rt.name}-examples`);
    const senders = await newPool(`${rt.name}-senders`);
    const app = await newClient(main.Id!, 'app');
    const retired = await newClient(main.Id!, 'retired-app');
    const sendersApp = await newClient(senders.Id!, 'app');

    const env: Partial<Record<Example, Record<string, string>>> = {
      'pre-sign-up': { TRUSTED_DOMAIN: 'example.com', BLOCKED_DOMAINS: 'spam.test,junk.test' },
      'post-confirmation': { SENDER },
      'pre-authentication': { BLOCKED_CLIENT_ID: retired },
      'pre-token-generation-v1': { TENANT },
      'pre-token-generation-v2': { TENANT },
      'custom-email-sender': { KEY_ARN: s.keyArn!, SENDER },
      'custom-sms-sender': { KEY_ARN: s.keyArn! },
    };
    const examples = EXAMPLE_NAMES.filter((e) => rt === NODE || !pythonSendersMissing || !SENDERS_POOL.has(e));
    const fnName = (e: Example) => `${rt.name}-${e}`;
    const arns = Object.fromEntries(
      examples.map((e) => [e, `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${fnName(e)}`]),
    ) as Record<Example, string>;
    const commands: string[][] = [];
    for (const e of examples) {
      const zip = join(dir, `${e}.zip`);
      writeFileSync(zip, zipOf(rt.files(e)));
      commands.push(
        [
          ...['lambda', 'create-function', '--function-name', fnName(e), '--runtime', rt.runtime],
          ...['--role', `arn:aws:iam::${ACCOUNT}:role/cognito-triggers`, '--handler', rt.handler],
          ...['--timeout', '5', '--zip-file', `fileb://${zip}`],
          ...(env[e] ? ['--environment', JSON.stringify({ Variables: env[e] })] : []),
        ],
        [
          ...['lambda', 'add-permission', '--function-name', fnName(e), '--statement-id', 'cognito'],
          ...['--action', 'lambda:InvokeFunction', '--principal', 'cognito-idp.amazonaws.com'],
          ...['--source-arn', SENDERS_POOL.has(e) ? senders.Arn! : main.Arn!],
        ],
      );
    }
    const updatePool = (poolId: string, config: LambdaConfigType) => [
      ...['cognito-idp', 'update-user-pool', '--user-pool-id', poolId, '--auto-verified-attributes', 'email'],
      ...['--lambda-config', JSON.stringify(config)],
    ];
    commands.push(
      updatePool(main.Id!, {
        PreSignUp: arns['pre-sign-up'],
        PostConfirmation: arns['post-confirmation'],
        PreAuthentication: arns['pre-authentication'],
        PostAuthentication: arns['post-authentication'],
        PreTokenGenerationConfig: { LambdaVersion: 'V2_0', LambdaArn: arns['pre-token-generation-v2'] },
        CustomMessage: arns['custom-message'],
        UserMigration: arns['user-migration'],
        DefineAuthChallenge: arns['define-auth-challenge'],
        CreateAuthChallenge: arns['create-auth-challenge'],
        VerifyAuthChallengeResponse: arns['verify-auth-challenge-response'],
      }),
    );
    // The senders' pool: its KMS key, the custom senders and PreTokenGeneration V1_0.
    if (examples.includes('custom-email-sender'))
      commands.push(
        updatePool(senders.Id!, {
          PreTokenGeneration: arns['pre-token-generation-v1'],
          CustomEmailSender: { LambdaVersion: 'V1_0', LambdaArn: arns['custom-email-sender'] },
          CustomSMSSender: { LambdaVersion: 'V1_0', LambdaArn: arns['custom-sms-sender'] },
          KMSKeyID: s.keyArn,
        }),
      );
    const results = await awsCliBatch(
      commands.map((args) => ['--endpoint-url', srv.url, '--output', 'json', ...args]),
      {
        PATH: AWS_CLI_PATH,
        HOME: dir,
        AWS_ACCESS_KEY_ID: ACCOUNT,
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_PAGER: '',
      },
    );
    for (const [i, r] of results.entries())
      assert.equal(r.rc, 0, `aws ${commands[i].slice(0, 4).join(' ')}: ${r.stderr}`);
    assert.deepEqual(
      results
        .filter((_, i) => commands[i][1] === 'create-function')
        .map((r) => JSON.parse(r.stdout))
        .map((f) => [f.FunctionArn, f.State]),
      examples.map((e) => [arns[e], 'Active']),
    );

    // A warm worker for each Python function, as provisioned concurrency would give: on a loaded
    // machine a Python cold start (boto3's import) can take most of the 5 s Cognito waits.
    if (rt === PYTHON) {
      const lambda = srv.client(LambdaClient);
      await Promise.all(
        examples.map((e) =>
          lambda.send(new InvokeCommand({ FunctionName: fnName(e), Payload: Buffer.from('{"warm-up":true}') })),
        ),
      );
    }

    const tag = rt.name;
    const signUp = (clientId: string, user: string, email: string) =>
      c.send(
        new SignUpCommand({
          ClientId: clientId,
          Username: user,
          Password: PASSWORD,
          UserAttributes: [{ Name: 'email', Value: email }],
        }),
      );
    const mailTo = (to: string, subject: string) =>
      waitForMail(srv, (m: MailboxMessage) => m.Destination.ToAddresses.includes(to) && m.Subject === subject, 10_000);
    const code = (text: string | null) => /\b(\d{6})\b/.exec(text ?? '')?.[1] ?? assert.fail(`no code in ${text}`);
    const passwordSignIn = (clientId: string, user: string, password = PASSWORD) =>
      c.send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: user, PASSWORD: password },
        }),
      );

    // PreSignUp: a blocked domain is turned away, the trusted one confirmed at once.
    await rejectsWith(
      signUp(app, `${tag}-mallory`, `mallory.${tag}@spam.test`),
      'UserLambdaValidationException',
      'PreSignUp failed with error Sign-up from spam.test is not allowed.',
    );
    assert.equal((await signUp(app, `${tag}-ann`, `ann.${tag}@example.com`)).UserConfirmed, true);
    const ann = await c.send(new AdminGetUserCommand({ UserPoolId: main.Id!, Username: `${tag}-ann` }));
    assert.equal(ann.UserStatus, 'CONFIRMED');
    assert.equal(ann.UserAttributes?.find((a) => a.Name === 'email_verified')?.Value, 'true');

    // CustomMessage rewrites the confirmation email; PostConfirmation sends a welcome through SES.
    const bobEmail = `bob.${tag}@other.test`;
    assert.equal((await signUp(app, `${tag}-bob`, bobEmail)).UserConfirmed, false);
    const confirmation = await mailTo(bobEmail, 'Confirm your Example Corp account');
    assert.match(confirmation.Body.text_part ?? '', /^Welcome to Example Corp! Your confirmation code is \d{6}\.$/);
    await c.send(
      new ConfirmSignUpCommand({
        ClientId: app,
        Username: `${tag}-bob`,
        ConfirmationCode: code(confirmation.Body.text_part),
      }),
    );
    const welcome = await mailTo(bobEmail, 'Welcome aboard');
    assert.equal(welcome.Source, SENDER);
    assert.equal(welcome.Body.text_part, `Hello ${tag}-bob, your account is ready.`);

    // PreAuthentication refuses the retired client; through the app the sign-in goes on.
    await rejectsWith(
      passwordSignIn(retired, `${tag}-bob`),
      'UserLambdaValidationException',
      'PreAuthentication failed with error This app client can no longer sign users in.',
    );
    const tokens = (await passwordSignIn(app, `${tag}-bob`)).AuthenticationResult!;
    // PreTokenGeneration V2_0: the tenant in both tokens, roles as a list, the tenant's scope.
    assert.equal(decodeJwt(tokens.IdToken!).tenant, TENANT);
    const access = decodeJwt(tokens.AccessToken!);
    assert.equal(access.tenant, TENANT);
    assert.deepEqual(access.roles, ['reader', 'writer']);
    assert.deepEqual(String(access.scope).split(' ').sort(), ['acme/orders.read', 'aws.cognito.signin.user.admin']);
    // PostAuthentication logged the sign-in.
    await loggedLine(
      srv,
      fnName('post-authentication'),
      `Signed in: ${tag}-bob (${bobEmail}) through app client ${app}`,
    );

    // UserMigration: a legacy user signs in with the old password and is a user of the pool.
    await rejectsWith(
      passwordSignIn(app, 'legacy-lee', 'wrong-password'),
      'UserLambdaValidationException',
      'UserMigration failed with error Bad user name or password.',
    );
    assert.ok((await passwordSignIn(app, 'legacy-lee', 'Legacy-Passw0rd')).AuthenticationResult?.IdToken);
    const lee = await c.send(new AdminGetUserCommand({ UserPoolId: main.Id!, Username: 'legacy-lee' }));
    assert.equal(lee.UserStatus, 'CONFIRMED');
    assert.equal(lee.UserAttributes?.find((a) => a.Name === 'email')?.Value, 'lee@example.com');

    // CUSTOM_AUTH: the right sum signs in; three wrong ones fail the sign-in.
    const customAuth = () =>
      c.send(
        new InitiateAuthCommand({ ClientId: app, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: `${tag}-ann` } }),
      );
    const answer = (challenge: { Session?: string; ChallengeParameters?: Record<string, string> }, value: string) =>
      c.send(
        new RespondToAuthChallengeCommand({
          ClientId: app,
          ChallengeName: 'CUSTOM_CHALLENGE',
          Session: challenge.Session,
          ChallengeResponses: { USERNAME: `${tag}-ann`, ANSWER: value },
        }),
      );
    const sum = (question: string | undefined) => {
      const m = /^What is (\d+) \+ (\d+)\?$/.exec(question ?? '') ?? assert.fail(`no question: ${question}`);
      return String(Number(m[1]) + Number(m[2]));
    };
    const asked = await customAuth();
    assert.equal(asked.ChallengeName, 'CUSTOM_CHALLENGE');
    const passed = await answer(asked, sum(asked.ChallengeParameters?.question));
    assert.ok(passed.AuthenticationResult?.AccessToken);
    let wrong = await customAuth();
    for (let i = 0; i < 2; i++) {
      wrong = await answer(wrong, '-1');
      assert.equal(wrong.ChallengeName, 'CUSTOM_CHALLENGE');
    }
    await rejectsWith(answer(wrong, '-1'), 'NotAuthorizedException', 'Incorrect username or password.');

    // CustomMessage for an invitation: the user name and the temporary password, which signs in.
    const carlEmail = `carl.${tag}@other.test`;
    await c.send(
      new AdminCreateUserCommand({
        UserPoolId: main.Id!,
        Username: `${tag}-carl`,
        UserAttributes: [{ Name: 'email', Value: carlEmail }],
        DesiredDeliveryMediums: ['EMAIL'],
      }),
    );
    const invitation = await mailTo(carlEmail, 'Your Example Corp account');
    const temporary =
      new RegExp(`^Sign in as ${tag}-carl with the temporary password (\\S+)\\.$`).exec(
        invitation.Body.text_part ?? '',
      )?.[1] ?? assert.fail(`no password in ${invitation.Body.text_part}`);
    assert.equal((await passwordSignIn(app, `${tag}-carl`, temporary)).ChallengeName, 'NEW_PASSWORD_REQUIRED');

    await t.test(
      'the custom senders and PreTokenGeneration V1_0',
      {
        skip: rt === PYTHON && pythonSendersMissing,
      },
      async () => {
        // The email sender decrypted the sign-up code and mailed it; Cognito mailed nothing itself.
        const danaEmail = `dana.${tag}@other.test`;
        await signUp(sendersApp, `${tag}-dana`, danaEmail);
        const sent = await mailTo(danaEmail, 'Confirm your account');
        assert.equal(sent.Source, SENDER);
        await c.send(
          new ConfirmSignUpCommand({
            ClientId: sendersApp,
            Username: `${tag}-dana`,
            ConfirmationCode: code(sent.Body.text_part),
          }),
        );
        assert.deepEqual(
          (await srv.mailbox()).filter((m) => m.Destination.ToAddresses.includes(danaEmail)).map((m) => m.Subject),
          ['Confirm your account'],
        );
        // PreTokenGeneration V1_0: the tenant in the ID token, no email, the group it set.
        const id = decodeJwt((await passwordSignIn(sendersApp, `${tag}-dana`)).AuthenticationResult!.IdToken!);
        assert.equal(id.tenant, TENANT);
        assert.equal(id.email, undefined);
        assert.deepEqual(id['cognito:groups'], ['customers']);
        // The SMS sender decrypted an invitation's temporary password and texted it; it signs in.
        const phone = rt === NODE ? '+447700900101' : '+447700900102';
        await c.send(
          new AdminCreateUserCommand({
            UserPoolId: senders.Id!,
            Username: `${tag}-erin`,
            UserAttributes: [{ Name: 'phone_number', Value: phone }],
            DesiredDeliveryMediums: ['SMS'],
          }),
        );
        const text = await textTo(srv, phone);
        const texted =
          new RegExp(`^Example Corp: user ${tag}-erin, temporary password (\\S+)$`).exec(text)?.[1] ??
          assert.fail(`no password in ${text}`);
        assert.equal((await passwordSignIn(sendersApp, `${tag}-erin`, texted)).ChallengeName, 'NEW_PASSWORD_REQUIRED');
      },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Waits for `line` in function `name`'s CloudWatch Logs (written in batches after each call). */
async function loggedLine(srv: TestServer, name: string, line: string) {
  const logs = srv.client(CloudWatchLogsClient);
  const deadline = Date.now() + 10_000;
  for (;;) {
    const page = await logs
      .send(new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${name}` }))
      .catch(() => ({ events: [] }));
    if (page.events?.some((e) => e.message?.includes(line))) return;
    if (Date.now() > deadline) assert.fail(`no "${line}" in /aws/lambda/${name}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The first text message SNS delivered to `phone`. */
async function textTo(srv: TestServer, phone: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const res = await fetch(
      `${srv.url}/_aws/sns/sms-messages?accountId=${ACCOUNT}&region=us-east-1&phoneNumber=${encodeURIComponent(phone)}`,
    );
    const got = ((await res.json()) as { sms_messages: Record<string, { Message: string }[]> }).sms_messages[phone];
    if (got?.length) return got[0].Message;
    if (Date.now() > deadline) assert.fail(`no SMS to ${phone}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// One runtime after the other: each has its own functions, pools and users, but at once they only
// compete for the machine's two cores.
describe('trigger examples through the AWS CLI', { skip: awsCliMissing }, () => {
  before(startShared);
  after(() => s.server?.stop());
  test('Node.js: every trigger source has its effect', (t) => deployAndRun(NODE, t));
  test('Python: every trigger source has its effect', { skip: pythonMissing }, (t) => deployAndRun(PYTHON, t));
});
