// Lambda's API subset on cognate's port, through the real Lambda SDK client: functions from a zip,
// versions and aliases, resource policies, and Invoke run by warm workers (Node and Python), with
// Lambda's error payloads and the output in CloudWatch Logs as /aws/lambda/<name>.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AddPermissionCommand,
  CreateAliasCommand,
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  GetPolicyCommand,
  InvokeCommand,
  LambdaClient,
  ListFunctionsCommand,
  PublishVersionCommand,
  RemovePermissionCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { eachBackend, rejectsWith, startServer, type TestServer } from './support/server.js';
import { createNodeFunction, json, ROLE, zipOf } from './support/lambda.js';

const ARN = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
const hasPython = (() => {
  try {
    execFileSync('python3', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

eachBackend('Lambda API', (backend) => {
  let s: TestServer;
  let lambda: LambdaClient;
  before(async () => {
    s = await startServer({ backend });
    lambda = s.client(LambdaClient);
  });
  after(() => s.stop());

  test('a function from a zip: created, read, listed, conflicts and unknown names as Lambda answers', async () => {
    const created = await createNodeFunction(lambda, 'hello', 'exports.handler = async (e) => ({ hi: e.name });', {
      env: { GREETING: 'hello' },
    });
    assert.equal(created.FunctionArn, ARN('hello'));
    assert.equal(created.Version, '$LATEST');
    assert.equal(created.State, 'Active');
    assert.equal(created.Timeout, 3);
    assert.equal(created.MemorySize, 128);
    assert.deepEqual(created.Environment?.Variables, { GREETING: 'hello' });
    assert.match(created.CodeSha256 ?? '', /^[A-Za-z0-9+/]{43}=$/);
    const got = await lambda.send(new GetFunctionCommand({ FunctionName: 'hello' }));
    assert.equal(got.Configuration?.Handler, 'index.handler');
    const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: ARN('hello') }));
    assert.equal(config.RevisionId, created.RevisionId);
    const list = await lambda.send(new ListFunctionsCommand({}));
    assert.deepEqual(
      list.Functions?.map((f) => f.FunctionName),
      ['hello'],
    );
    await rejectsWith(
      createNodeFunction(lambda, 'hello', 'exports.handler = async () => 1;'),
      'ResourceConflictException',
      'Function already exist: hello',
    );
    await rejectsWith(
      lambda.send(new GetFunctionCommand({ FunctionName: 'nope' })),
      'ResourceNotFoundException',
      `Function not found: ${ARN('nope')}`,
    );
    await rejectsWith(
      lambda.send(
        new CreateFunctionCommand({
          FunctionName: 'broken',
          Runtime: 'nodejs20.x',
          Role: ROLE,
          Handler: 'index.handler',
          Code: { ZipFile: Buffer.from('not a zip') },
        }),
      ),
      'InvalidParameterValueException',
      'Could not unzip uploaded file. Please check your file, then try to upload again.',
    );
  });

  test('Invoke: async and callback handlers, context, environment, DryRun and Event', async () => {
    await createNodeFunction(
      lambda,
      'ctx',
      `exports.handler = (event, context, callback) => {
         console.log('event', JSON.stringify(event));
         callback(null, { name: context.functionName, id: context.awsRequestId, left: context.getRemainingTimeInMillis(),
           arn: context.invokedFunctionArn, env: process.env.MODE, endpoint: process.env.AWS_ENDPOINT_URL, region: process.env.AWS_REGION });
       };`,
      { env: { MODE: 'test' }, timeout: 10 },
    );
    const r = await lambda.send(
      new InvokeCommand({ FunctionName: 'ctx', Payload: Buffer.from('{"a":1}'), LogType: 'Tail' }),
    );
    assert.equal(r.StatusCode, 200);
    assert.equal(r.FunctionError, undefined);
    assert.equal(r.ExecutedVersion, '$LATEST');
    const out = json(r.Payload);
    assert.equal(out.name, 'ctx');
    assert.equal(out.arn, ARN('ctx'));
    assert.equal(out.env, 'test');
    assert.equal(out.endpoint, s.url);
    assert.equal(out.region, 'us-east-1');
    assert.ok(out.left > 8000 && out.left <= 10000, String(out.left));
    const tail = Buffer.from(r.LogResult ?? '', 'base64').toString('utf8');
    assert.match(tail, new RegExp(`^START RequestId: ${out.id} Version: \\$LATEST\\n`));
    assert.match(tail, new RegExp(`\\t${out.id}\\tINFO\\tevent {"a":1}\\n`));
    assert.match(
      tail,
      new RegExp(
        `END RequestId: ${out.id}\\nREPORT RequestId: ${out.id}\\tDuration: [\\d.]+ ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB`,
      ),
    );
    const dry = await lambda.send(new InvokeCommand({ FunctionName: 'ctx', InvocationType: 'DryRun' }));
    assert.equal(dry.StatusCode, 204);
    const event = await lambda.send(
      new InvokeCommand({ FunctionName: 'ctx', InvocationType: 'Event', Payload: Buffer.from('{}') }),
    );
    assert.equal(event.StatusCode, 202);
    await rejectsWith(
      lambda.send(new InvokeCommand({ FunctionName: 'ctx', Payload: Buffer.from('{oops') })),
      'InvalidRequestContentException',
    );
    // the output is in CloudWatch Logs, where `aws logs tail` reads it
    const logs = s.client(CloudWatchLogsClient);
    let messages: string[] = [];
    for (let i = 0; i < 50 && !messages.some((m) => m.startsWith(`REPORT RequestId: ${out.id}`)); i++) {
      await new Promise((r) => setTimeout(r, 50));
      const page = await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/ctx' }));
      messages = (page.events ?? []).map((e) => e.message ?? '');
    }
    assert.ok(messages.some((m) => m.startsWith(`START RequestId: ${out.id}`)));
    assert.ok(messages.some((m) => m.includes(`\tINFO\tevent {"a":1}`)));
  });

  test('concurrent calls each get a worker of their own; the started ones stay warm', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cognate-barrier-'));
    try {
      // Each call waits until four calls are inside the handler at once (or 10 s pass).
      await createNodeFunction(
        lambda,
        'barrier',
        `const fs = require('node:fs');
         exports.handler = async () => {
           fs.writeFileSync(process.env.BARRIER + '/' + process.pid + '-' + Math.random(), '');
           const until = Date.now() + 10000;
           while (fs.readdirSync(process.env.BARRIER).length < 4 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
           return { pid: process.pid, seen: fs.readdirSync(process.env.BARRIER).length };
         };`,
        { env: { BARRIER: dir }, timeout: 30 },
      );
      const call = async () =>
        json((await lambda.send(new InvokeCommand({ FunctionName: 'barrier', Payload: Buffer.from('{}') }))).Payload);
      const first = await Promise.all([call(), call(), call(), call()]);
      assert.deepEqual(
        first.map((o) => o.seen),
        [4, 4, 4, 4],
      );
      const pids = new Set(first.map((o) => o.pid));
      assert.equal(pids.size, 4);
      // one at a time now: the four are warm, none is started
      for (let i = 0; i < 4; i++) assert.ok(pids.has((await call()).pid));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('errors: a throw, a timeout, a crashed worker (replaced), garbage and a missing handler', async () => {
    await createNodeFunction(
      lambda,
      'faults',
      `exports.handler = async (e) => {
         if (e.kind === 'throw') { const err = new TypeError('bad input'); throw err; }
         if (e.kind === 'hang') await new Promise(() => setInterval(() => {}, 1000));
         if (e.kind === 'exit') process.exit(3);
         if (e.kind === 'oom') { const a = []; for (;;) a.push(new Array(1e6).fill(7)); }
         return { pid: process.pid };
       };`,
      { timeout: 1, memory: 128 },
    );
    const call = async (kind: string) =>
      lambda.send(new InvokeCommand({ FunctionName: 'faults', Payload: Buffer.from(JSON.stringify({ kind })) }));
    const thrown = await call('throw');
    assert.equal(thrown.FunctionError, 'Unhandled');
    const err = json(thrown.Payload);
    assert.equal(err.errorType, 'TypeError');
    assert.equal(err.errorMessage, 'bad input');
    assert.ok(Array.isArray(err.trace));
    const ok1 = json((await call('ok')).Payload);
    const hang = await call('hang');
    assert.equal(hang.FunctionError, 'Unhandled');
    assert.equal(json(hang.Payload).errorType, 'Sandbox.Timedout');
    assert.match(json(hang.Payload).errorMessage, /Task timed out after 1\.00 seconds$/);
    const exit = await call('exit');
    assert.equal(exit.FunctionError, 'Unhandled');
    assert.equal(json(exit.Payload).errorType, 'Runtime.ExitError');
    assert.match(json(exit.Payload).errorMessage, /Runtime exited with error: exit status 3$/);
    const ok2 = json((await call('ok')).Payload);
    assert.ok(ok2.pid > 0 && ok1.pid > 0, 'a new worker answers after a crash');
    await createNodeFunction(lambda, 'nohandler', 'exports.other = async () => 1;');
    const missing = await lambda.send(new InvokeCommand({ FunctionName: 'nohandler' }));
    assert.equal(missing.FunctionError, 'Unhandled');
    assert.deepEqual(
      { type: json(missing.Payload).errorType, message: json(missing.Payload).errorMessage },
      { type: 'Runtime.HandlerNotFound', message: 'index.handler is undefined or not exported' },
    );
  });

  test('code and configuration updates take effect on the next invocation; versions and aliases', async () => {
    await createNodeFunction(lambda, 'ver', 'exports.handler = async () => ({ v: 1, t: process.env.TT ?? null });');
    const v1 = await lambda.send(new PublishVersionCommand({ FunctionName: 'ver' }));
    assert.equal(v1.Version, '1');
    assert.equal(v1.FunctionArn, `${ARN('ver')}:1`);
    await lambda.send(
      new UpdateFunctionCodeCommand({
        FunctionName: 'ver',
        ZipFile: zipOf({ 'index.js': 'exports.handler = async () => ({ v: 2, t: process.env.TT ?? null });' }),
      }),
    );
    await lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: 'ver', Environment: { Variables: { TT: 'x' } } }),
    );
    const latest = json((await lambda.send(new InvokeCommand({ FunctionName: 'ver' }))).Payload);
    assert.deepEqual(latest, { v: 2, t: 'x' });
    await lambda.send(new CreateAliasCommand({ FunctionName: 'ver', Name: 'live', FunctionVersion: '1' }));
    const viaAlias = await lambda.send(new InvokeCommand({ FunctionName: `${ARN('ver')}:live` }));
    assert.deepEqual(json(viaAlias.Payload), { v: 1, t: null });
    assert.equal(viaAlias.ExecutedVersion, '1');
    const viaQualifier = await lambda.send(new InvokeCommand({ FunctionName: 'ver', Qualifier: '1' }));
    assert.deepEqual(json(viaQualifier.Payload), { v: 1, t: null });
    await rejectsWith(
      lambda.send(new InvokeCommand({ FunctionName: 'ver:nope' })),
      'ResourceNotFoundException',
      `Function not found: ${ARN('ver')}:nope`,
    );
  });

  test('resource policy: AddPermission builds the statement, GetPolicy reads it, RemovePermission removes it', async () => {
    await createNodeFunction(lambda, 'guarded', 'exports.handler = async () => 1;');
    await rejectsWith(
      lambda.send(new GetPolicyCommand({ FunctionName: 'guarded' })),
      'ResourceNotFoundException',
      'The resource you requested does not exist.',
    );
    const added = await lambda.send(
      new AddPermissionCommand({
        FunctionName: 'guarded',
        StatementId: 'cognito',
        Action: 'lambda:InvokeFunction',
        Principal: 'cognito-idp.amazonaws.com',
        SourceArn: 'arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_X',
      }),
    );
    assert.deepEqual(JSON.parse(added.Statement ?? ''), {
      Sid: 'cognito',
      Effect: 'Allow',
      Principal: { Service: 'cognito-idp.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: ARN('guarded'),
      Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_X' } },
    });
    await rejectsWith(
      lambda.send(
        new AddPermissionCommand({
          FunctionName: 'guarded',
          StatementId: 'cognito',
          Action: 'lambda:InvokeFunction',
          Principal: 'cognito-idp.amazonaws.com',
        }),
      ),
      'ResourceConflictException',
    );
    const policy = JSON.parse((await lambda.send(new GetPolicyCommand({ FunctionName: 'guarded' }))).Policy ?? '');
    assert.equal(policy.Statement.length, 1);
    await lambda.send(new RemovePermissionCommand({ FunctionName: 'guarded', StatementId: 'cognito' }));
    await rejectsWith(
      lambda.send(new RemovePermissionCommand({ FunctionName: 'guarded', StatementId: 'cognito' })),
      'ResourceNotFoundException',
      'Statement cognito is not found in resource policy.',
    );
    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'guarded' }));
    await rejectsWith(lambda.send(new GetFunctionCommand({ FunctionName: 'guarded' })), 'ResourceNotFoundException');
  });

  test('Python: a handler with print output, its error object', {
    skip: !hasPython && 'python3 is not installed',
  }, async () => {
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'py',
        Runtime: 'python3.12',
        Role: ROLE,
        Handler: 'app.handler',
        Code: {
          ZipFile: zipOf({
            'app.py': [
              'import os',
              'def handler(event, context):',
              '    print("hello from python")',
              '    if event.get("fail"):',
              '        raise ValueError("no good")',
              '    return {"fn": context.function_name, "left": context.get_remaining_time_in_millis() > 0, "x": event["x"] * 2}',
            ].join('\n'),
          }),
        },
      }),
    );
    const r = await lambda.send(
      new InvokeCommand({ FunctionName: 'py', Payload: Buffer.from('{"x":21}'), LogType: 'Tail' }),
    );
    assert.deepEqual(json(r.Payload), { fn: 'py', left: true, x: 42 });
    assert.match(Buffer.from(r.LogResult ?? '', 'base64').toString(), /hello from python\n/);
    const bad = await lambda.send(new InvokeCommand({ FunctionName: 'py', Payload: Buffer.from('{"fail":true}') }));
    assert.equal(bad.FunctionError, 'Unhandled');
    assert.equal(json(bad.Payload).errorType, 'ValueError');
    assert.equal(json(bad.Payload).errorMessage, 'no good');
  });
});
