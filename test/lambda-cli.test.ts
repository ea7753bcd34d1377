// The AWS CLI against cognate's Lambda: `aws lambda create-function --zip-file fileb://`, `invoke`,
// `add-permission`, `get-policy`, `cognito-idp update-user-pool --lambda-config`, and the output
// read back with `aws logs filter-log-events`; then `cognate doctor triggers` explaining a trigger
// that cannot run (no permission) and one that can, with its invocations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { rejectsWith, startServer, type TestServer } from './support/server.js';
import { AWS_CLI, AWS_CLI_PATH, awsCliMissing } from './support/aws-cli.js';
import { zipOf } from './support/lambda.js';
import type { TriggersReport } from '../src/doctor/triggers-report.js';
import { run as doctorCommand } from '../src/cli/doctor/triggers.js';
import { GetPolicyCommand, LambdaClient } from '@aws-sdk/client-lambda';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const ACCOUNT = '444455556666';

test('Lambda with the AWS CLI, a trigger set with update-user-pool, and cognate doctor triggers', {
  skip: awsCliMissing,
}, async (t) => {
  const s: TestServer = await startServer();
  t.after(() => s.stop());
  const env = {
    PATH: AWS_CLI_PATH,
    HOME: process.env.HOME ?? '/tmp',
    AWS_ACCESS_KEY_ID: ACCOUNT,
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_PAGER: '',
  };
  const aws = async (...args: string[]) => {
    const { stdout } = await promisify(execFile)(AWS_CLI, ['--endpoint-url', s.url, '--output', 'json', ...args], {
      env,
    });
    return stdout.trim() ? JSON.parse(stdout) : {};
  };
  const dir = mkdtempSync(join(tmpdir(), 'cognate-lambda-cli-'));
  const zip = join(dir, 'function.zip');
  writeFileSync(
    zip,
    zipOf({
      'index.mjs': `export const handler = async (event) => {
        console.log('signing up', event.userName);
        if (event.triggerSource === 'PreSignUp_SignUp') event.response.autoConfirmUser = true;
        return event;
      };`,
    }),
  );
  const created = await aws(
    'lambda',
    'create-function',
    '--function-name',
    'auto-confirm',
    '--runtime',
    'nodejs22.x',
    '--role',
    `arn:aws:iam::${ACCOUNT}:role/lambda`,
    '--handler',
    'index.handler',
    '--zip-file',
    `fileb://${zip}`,
  );
  assert.equal(created.FunctionArn, `arn:aws:lambda:us-east-1:${ACCOUNT}:function:auto-confirm`);
  assert.equal(created.Runtime, 'nodejs22.x');
  const out = join(dir, 'out.json');
  // fileb:// reads the same in CLI v1 and v2 (a bare --payload is raw text in v1, base64 in v2)
  const payload = join(dir, 'payload.json');
  writeFileSync(payload, '{"userName":"cli","triggerSource":"test","response":{}}');
  const invoked = await aws(
    'lambda',
    'invoke',
    '--function-name',
    'auto-confirm',
    '--payload',
    `fileb://${payload}`,
    '--log-type',
    'Tail',
    out,
  );
  assert.equal(invoked.StatusCode, 200);
  assert.equal(invoked.ExecutedVersion, '$LATEST');
  assert.match(Buffer.from(invoked.LogResult, 'base64').toString(), /INFO\tsigning up cli\n/);
  assert.deepEqual(JSON.parse(readFileSync(out, 'utf8')), { userName: 'cli', triggerSource: 'test', response: {} });

  // the pool through the SDK (each CLI call costs a Python start), its trigger through the CLI
  const c = s.cognito({ accessKeyId: ACCOUNT });
  const pool = (await c.send(new CreateUserPoolCommand({ PoolName: 'cli-triggers' }))).UserPool as {
    Id: string;
    Arn: string;
  };
  const clientId = (await c.send(new CreateUserPoolClientCommand({ UserPoolId: pool.Id!, ClientName: 'app' })))
    .UserPoolClient!.ClientId!;
  await aws(
    'cognito-idp',
    'update-user-pool',
    '--user-pool-id',
    pool.Id,
    '--lambda-config',
    `PreSignUp=${created.FunctionArn}`,
  );
  const signUp = (name: string) =>
    c.send(new SignUpCommand({ ClientId: clientId, Username: name, Password: 'Passw0rd!' }));

  // Without a permission the trigger fails as on AWS, and the doctor says why and what to run.
  await rejectsWith(
    signUp('first'),
    'UnexpectedLambdaException',
    'PreSignUp invocation failed due to error AccessDeniedException.',
  );
  const doctor = (...extra: string[]) =>
    promisify(execFile)(
      process.execPath,
      [CLI, 'doctor', 'triggers', '--pool', pool.Id, '--endpoint', s.url, ...extra],
      {
        env: { ...env, PATH: process.env.PATH ?? '/usr/bin' },
      },
    ).then(
      (ok) => ({ ...ok, code: 0 }),
      (e) => e as { stdout: string; code: number },
    );
  const sick = await doctor();
  assert.equal(sick.code, 1);
  assert.match(sick.stdout, /PreSignUp: arn:aws:lambda:us-east-1:444455556666:function:auto-confirm/);
  assert.match(sick.stdout, /invoke permission for cognito-idp\.amazonaws\.com: NO/);
  assert.match(
    sick.stdout,
    /aws lambda add-permission --function-name \S+ --statement-id \S+ --action lambda:InvokeFunction --principal cognito-idp\.amazonaws\.com --source-arn arn:aws:cognito-idp:us-east-1:444455556666:userpool\//,
  );
  assert.match(
    sick.stdout,
    /PreSignUp_SignUp \d+ ms error: UnexpectedLambdaException: PreSignUp invocation failed due to error AccessDeniedException\./,
  );

  await aws(
    'lambda',
    'add-permission',
    '--function-name',
    'auto-confirm',
    '--statement-id',
    'cognito',
    '--action',
    'lambda:InvokeFunction',
    '--principal',
    'cognito-idp.amazonaws.com',
    '--source-arn',
    pool.Arn,
  );
  const policy = JSON.parse(
    (
      await s
        .client(LambdaClient, { accessKeyId: ACCOUNT })
        .send(new GetPolicyCommand({ FunctionName: 'auto-confirm' }))
    ).Policy ?? '',
  );
  assert.equal(policy.Statement[0].Condition.ArnLike['AWS:SourceArn'], pool.Arn);
  assert.equal((await signUp('second')).UserConfirmed, true);

  // the command's JSON, run in this process (its keys from the environment, as the SDK finds them)
  const printed: string[] = [];
  process.env.AWS_ACCESS_KEY_ID = ACCOUNT;
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
  const code = await doctorCommand(['--pool', pool.Id, '--endpoint', s.url, '--json'], (x) => printed.push(x));
  assert.equal(code, 0);
  const report = JSON.parse(printed.join('')) as TriggersReport;
  assert.equal(report.ok, true);
  assert.equal(report.triggers[0].permission.decision?.decidedBy?.sid, 'cognito');
  assert.deepEqual(
    report.invocations?.map((i) => i.result),
    ['ok', 'error'],
  );
  // the same report from the server's own route
  const viaRoute = (await (
    await fetch(`${s.url}/_cognate/doctor/triggers?pool=${pool.Id}&account=${ACCOUNT}`)
  ).json()) as TriggersReport;
  assert.equal(viaRoute.ok, true);

  // the handler's output, where `aws logs` reads it
  for (let i = 0; i < 50; i++) {
    const rows = await s.running.store.db
      .selectFrom('log_events')
      .select('message')
      .where('group_name', '=', '/aws/lambda/auto-confirm')
      .execute();
    if (rows.some((r) => r.message.includes('signing up second'))) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const page = await aws('logs', 'filter-log-events', '--log-group-name', '/aws/lambda/auto-confirm');
  const messages: string[] = page.events.map((e: { message: string }) => e.message);
  assert.ok(messages.some((m) => /^REPORT RequestId: /.test(m)));
  assert.ok(messages.some((m) => m.includes('\tINFO\tsigning up second')));
});
