// A user pool's Lambda triggers run, through the real Cognito and Lambda SDK clients: handlers
// written here, created with CreateFunction, allowed by AddPermission for cognito-idp.amazonaws.com
// with the pool's ARN, named in LambdaConfig. Each source's effect as a user sees it, the events
// the handlers receive, Cognito's exceptions for faults, and the trace an operator reads.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  AddPermissionCommand,
  CreateFunctionCommand,
  InvokeCommand,
  LambdaClient,
  RemovePermissionCommand,
  UpdateFunctionCodeCommand,
} from '@aws-sdk/client-lambda';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  SignUpCommand,
  AdminSetUserPasswordCommand,
  UpdateUserPoolCommand,
  type CognitoIdentityProviderClient,
  type LambdaConfigType,
} from '@aws-sdk/client-cognito-identity-provider';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { eachBackend, rejectsWith, startServer, type TestServer } from './support/server.js';
import { createNodeFunction, ROLE, zipOf } from './support/lambda.js';

const ACCOUNT = '000000000000';
const fnArn = (name: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;
const codeIn = (text: string | null) => /(\d{6})/.exec(text ?? '')?.[1] ?? '';
const hasPython = (() => {
  try {
    execFileSync('python3', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

eachBackend('Lambda triggers', (backend) => {
  let s: TestServer;
  let c: CognitoIdentityProviderClient;
  let lambda: LambdaClient;
  let n = 0;
  before(async () => {
    s = await startServer({ backend });
    c = s.cognito();
    lambda = s.client(LambdaClient);
  });
  after(() => s.stop());

  /** AddPermission for Cognito's calls from this pool, as the developer guide has it. */
  const allow = (functionName: string, poolArn: string, statementId: string) =>
    lambda.send(
      new AddPermissionCommand({
        FunctionName: functionName,
        StatementId: statementId,
        Action: 'lambda:InvokeFunction',
        Principal: 'cognito-idp.amazonaws.com',
        SourceArn: poolArn,
      }),
    );

  /** A pool whose LambdaConfig names the given functions, each allowed for this pool (unless `allow` is false). */
  async function poolWith(config: LambdaConfigType, opts: { allow?: boolean } = {}) {
    const pool = (
      await c.send(
        new CreateUserPoolCommand({
          PoolName: `triggers-${++n}`,
          AutoVerifiedAttributes: ['email'],
          LambdaConfig: config,
        }),
      )
    ).UserPool!;
    if (opts.allow !== false)
      for (const arn of new Set(Object.values(config).filter((v): v is string => typeof v === 'string')))
        await allow(arn, pool.Arn!, `cognito-${pool.Id}`);
    const clientId = (
      await c.send(
        new CreateUserPoolClientCommand({
          UserPoolId: pool.Id!,
          ClientName: 'app',
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        }),
      )
    ).UserPoolClient!.ClientId!;
    return { poolId: pool.Id!, poolArn: pool.Arn!, clientId };
  }

  const signUp = (clientId: string, username: string, email: string, extra: object = {}, client = c) =>
    client.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: username,
        Password: 'Passw0rd!',
        UserAttributes: [{ Name: 'email', Value: email }],
        ...extra,
      }),
    );

  test('PreSignUp: a refused domain is UserLambdaValidationException and no user; auto-confirm and auto-verify', async () => {
    await createNodeFunction(
      lambda,
      'pre-sign-up',
      `exports.handler = async (event) => {
         console.log(JSON.stringify(event));
         const email = event.request.userAttributes.email;
         if (!email.endsWith('@example.com')) throw new Error('Only example.com addresses may sign up');
         if (event.request.validationData && event.request.validationData.invite === 'yes') {
           event.response.autoConfirmUser = true;
           event.response.autoVerifyEmail = true;
         }
         return event;
       };`,
    );
    const { poolId, clientId } = await poolWith({ PreSignUp: fnArn('pre-sign-up') });
    await rejectsWith(
      signUp(clientId, 'mallory', 'mallory@evil.test'),
      'UserLambdaValidationException',
      'PreSignUp failed with error Only example.com addresses may sign up.',
    );
    await rejectsWith(
      c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'mallory' })),
      'UserNotFoundException',
    );
    const plain = await signUp(clientId, 'alice', 'alice@example.com');
    assert.equal(plain.UserConfirmed, false);
    const invited = await signUp(clientId, 'bob', 'bob@example.com', {
      ValidationData: [{ Name: 'invite', Value: 'yes' }],
      ClientMetadata: { from: 'test' },
    });
    assert.equal(invited.UserConfirmed, true);
    assert.equal(invited.CodeDeliveryDetails, undefined);
    const bob = await c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'bob' }));
    assert.equal(bob.UserStatus, 'CONFIRMED');
    assert.equal(bob.UserAttributes?.find((a) => a.Name === 'email_verified')?.Value, 'true');
    // the event as the handler received it, read from its CloudWatch Logs group
    const logs = s.client(CloudWatchLogsClient);
    let event: Record<string, unknown> | undefined;
    for (let i = 0; i < 50 && !event; i++) {
      const page = await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/pre-sign-up' }));
      const line = (page.events ?? []).map((e) => e.message ?? '').find((m) => m.includes('"userName":"bob"'));
      if (line) event = JSON.parse(line.slice(line.indexOf('\tINFO\t') + 6));
      else await new Promise((r) => setTimeout(r, 50));
    }
    assert.deepEqual(event, {
      version: '1',
      region: 'us-east-1',
      userPoolId: poolId,
      userName: 'bob',
      callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId },
      triggerSource: 'PreSignUp_SignUp',
      request: {
        userAttributes: { email: 'bob@example.com' },
        validationData: { invite: 'yes' },
        clientMetadata: { from: 'test' },
      },
      response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
    });
    // AdminCreateUser runs it too, with its own source
    await rejectsWith(
      c.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: 'eve',
          UserAttributes: [{ Name: 'email', Value: 'eve@evil.test' }],
        }),
      ),
      'UserLambdaValidationException',
      'PreSignUp failed with error Only example.com addresses may sign up.',
    );
  });

  test('permission as AWS checks it: no policy, or one for another pool, is AccessDeniedException', async () => {
    await createNodeFunction(lambda, 'unallowed', 'exports.handler = async (e) => e;');
    const { clientId } = await poolWith({ PreSignUp: fnArn('unallowed') }, { allow: false });
    await rejectsWith(
      signUp(clientId, 'carol', 'carol@example.com'),
      'UnexpectedLambdaException',
      'PreSignUp invocation failed due to error AccessDeniedException.',
    );
    await allow('unallowed', `arn:aws:cognito-idp:us-east-1:${ACCOUNT}:userpool/us-east-1_Other`, 'other-pool');
    await rejectsWith(
      signUp(clientId, 'carol', 'carol@example.com'),
      'UnexpectedLambdaException',
      'PreSignUp invocation failed due to error AccessDeniedException.',
    );
    await lambda.send(
      new AddPermissionCommand({
        FunctionName: 'unallowed',
        StatementId: 'account',
        Action: 'lambda:InvokeFunction',
        Principal: 'cognito-idp.amazonaws.com',
        SourceAccount: ACCOUNT,
      }),
    );
    assert.equal((await signUp(clientId, 'carol', 'carol@example.com')).UserConfirmed, false);
  });

  test('PostConfirmation: the handler reaches cognate through the SDK; a failure keeps the user confirmed', async () => {
    await createNodeFunction(
      lambda,
      'post-confirmation',
      `const { CognitoIdentityProviderClient, AdminAddUserToGroupCommand } = require('@aws-sdk/client-cognito-identity-provider');
       const client = new CognitoIdentityProviderClient({});
       exports.handler = async (event) => {
         if (event.request.userAttributes.email.startsWith('fail')) throw new Error('welcome service down');
         await client.send(new AdminAddUserToGroupCommand({ UserPoolId: event.userPoolId, Username: event.userName, GroupName: 'members' }));
         return event;
       };`,
      { timeout: 10 },
    );
    const { poolId, clientId } = await poolWith({ PostConfirmation: fnArn('post-confirmation') });
    await c.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'members' }));
    await signUp(clientId, 'dave', 'dave@example.com');
    const code = codeIn((await s.waitForEmail('dave@example.com')).Body.text_part);
    await c.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'dave', ConfirmationCode: code }));
    const groups = await c.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'dave' }));
    assert.deepEqual(
      groups.Groups?.map((g) => g.GroupName),
      ['members'],
    );
    await signUp(clientId, 'frank', 'fail.frank@example.com');
    const code2 = codeIn((await s.waitForEmail('fail.frank@example.com')).Body.text_part);
    await rejectsWith(
      c.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'frank', ConfirmationCode: code2 })),
      'UserLambdaValidationException',
      'PostConfirmation failed with error welcome service down.',
    );
    const frank = await c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'frank' }));
    assert.equal(frank.UserStatus, 'CONFIRMED');
    // ConfirmForgotPassword: PostConfirmation_ConfirmForgotPassword; the new password stays set
    await c.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'frank' }));
    const reset = codeIn((await s.waitForEmail('fail.frank@example.com', { after: 1 })).Body.text_part);
    await rejectsWith(
      c.send(
        new ConfirmForgotPasswordCommand({
          ClientId: clientId,
          Username: 'frank',
          ConfirmationCode: reset,
          Password: 'N3wPassw0rd!',
        }),
      ),
      'UserLambdaValidationException',
      'PostConfirmation failed with error welcome service down.',
    );
    const signedIn = await c.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'frank', PASSWORD: 'N3wPassw0rd!' },
      }),
    );
    assert.ok(signedIn.AuthenticationResult?.AccessToken);
  });

  test('PreAuthentication and PostAuthentication refuse a sign-in; no tokens when Post refuses', async () => {
    await createNodeFunction(
      lambda,
      'auth-gate',
      `exports.handler = async (event) => {
         const who = event.userName;
         if (event.triggerSource === 'PreAuthentication_Authentication' && who === 'blocked') throw new Error('Account suspended');
         if (event.triggerSource === 'PostAuthentication_Authentication' && who === 'audited') throw new Error('Audit log unavailable');
         if (event.request.userAttributes['cognito:user_status'] !== 'CONFIRMED') throw new Error('unexpected status');
         return event;
       };`,
    );
    const { poolId, clientId } = await poolWith({
      PreAuthentication: fnArn('auth-gate'),
      PostAuthentication: fnArn('auth-gate'),
    });
    for (const name of ['blocked', 'audited', 'fine']) {
      await c.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: name,
          MessageAction: 'SUPPRESS',
          TemporaryPassword: 'Passw0rd!',
        }),
      );
    }
    for (const name of ['blocked', 'audited', 'fine'])
      await c.send(
        new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: name, Password: 'Passw0rd!', Permanent: true }),
      );
    const signIn = (name: string) =>
      c.send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: name, PASSWORD: 'Passw0rd!' },
        }),
      );
    await rejectsWith(
      signIn('blocked'),
      'UserLambdaValidationException',
      'PreAuthentication failed with error Account suspended.',
    );
    await rejectsWith(
      signIn('audited'),
      'UserLambdaValidationException',
      'PostAuthentication failed with error Audit log unavailable.',
    );
    assert.ok((await signIn('fine')).AuthenticationResult?.IdToken);
  });

  test('CustomMessage: sign-up and reset messages rewritten; an invitation without {username} keeps the pool text', async () => {
    await createNodeFunction(
      lambda,
      'custom-message',
      `exports.handler = async (event) => {
         const code = event.request.codeParameter;
         if (event.triggerSource === 'CustomMessage_SignUp') {
           event.response.emailSubject = 'Welcome to Acme';
           event.response.emailMessage = 'Hi ' + event.request.userAttributes.email + ', your Acme code is ' + code + '.';
         } else if (event.triggerSource === 'CustomMessage_ForgotPassword') {
           event.response.emailSubject = 'Reset your Acme password';
           event.response.emailMessage = 'Reset code: ' + code;
         } else if (event.triggerSource === 'CustomMessage_AdminCreateUser') {
           event.response.emailSubject = 'You are invited';
           event.response.emailMessage = 'Your password is ' + code;
         }
         return event;
       };`,
    );
    const { poolId, clientId } = await poolWith({ CustomMessage: fnArn('custom-message') });
    await signUp(clientId, 'gina', 'gina@example.com');
    const mail = await s.waitForEmail('gina@example.com');
    assert.equal(mail.Subject, 'Welcome to Acme');
    assert.match(mail.Body.text_part ?? '', /^Hi gina@example\.com, your Acme code is \d{6}\.$/);
    await c.send(
      new ConfirmSignUpCommand({ ClientId: clientId, Username: 'gina', ConfirmationCode: codeIn(mail.Body.text_part) }),
    );
    await c.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'gina' }));
    const reset = await s.waitForEmail('gina@example.com', { after: 1 });
    assert.equal(reset.Subject, 'Reset your Acme password');
    assert.match(reset.Body.text_part ?? '', /^Reset code: \d{6}$/);
    await c.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'hank',
        UserAttributes: [{ Name: 'email', Value: 'hank@example.com' }],
        DesiredDeliveryMediums: ['EMAIL'],
      }),
    );
    const invite = await s.waitForEmail('hank@example.com');
    assert.equal(invite.Subject, 'You are invited');
    assert.match(invite.Body.text_part ?? '', /^Your username is hank and temporary password is \S+\. $/);
  });

  test('faults: a hang is a socket timeout after 5 s, garbage is unrecognizable, a crash fails the trigger; nothing written', async () => {
    await createNodeFunction(
      lambda,
      'faulty',
      `exports.handler = async (event) => {
         const kind = event.request.userAttributes.email.split('@')[0];
         if (kind === 'hang') await new Promise((r) => setTimeout(r, 60000));
         if (kind === 'garbage') return 'not an event';
         if (kind === 'crash') process.exit(1);
         return event;
       };`,
      { timeout: 30 },
    );
    const { poolId, clientId } = await poolWith({ PreSignUp: fnArn('faulty') });
    const started = Date.now();
    await rejectsWith(
      signUp(clientId, 'hang', 'hang@example.com'),
      'UnexpectedLambdaException',
      'PreSignUp invocation failed due to error Socket timeout while invoking Lambda function.',
    );
    const waited = Date.now() - started;
    assert.ok(waited >= 4900 && waited < 9000, `waited ${waited} ms`);
    await rejectsWith(
      signUp(clientId, 'garbage', 'garbage@example.com'),
      'InvalidLambdaResponseException',
      'Unrecognizable lambda output',
    );
    const crash = await rejectsWith(signUp(clientId, 'crash', 'crash@example.com'), 'UserLambdaValidationException');
    assert.match(
      crash.message,
      /^PreSignUp failed with error RequestId: [0-9a-f-]{36} Error: Runtime exited with error: exit status 1\.$/,
    );
    for (const name of ['hang', 'garbage', 'crash'])
      await rejectsWith(
        c.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: name })),
        'UserNotFoundException',
      );
    // a new worker serves the next sign-up
    assert.equal((await signUp(clientId, 'fine', 'fine@example.com')).UserConfirmed, false);
    // the trace, as an operator reads it
    const trace = (await (await fetch(`${s.url}/_cognate/triggers/${poolId}`)).json()) as {
      triggers: { trigger: string; functionArn: string; invoked: boolean }[];
      invocations: { source: string; result: string; error: string | null; durationMs: number }[];
    };
    assert.deepEqual(trace.triggers, [{ trigger: 'PreSignUp', functionArn: fnArn('faulty'), invoked: true }]);
    assert.deepEqual(
      trace.invocations.map((i) => [i.source, i.result, i.error?.split(':')[0] ?? null]),
      [
        ['PreSignUp_SignUp', 'ok', null],
        ['PreSignUp_SignUp', 'error', 'UserLambdaValidationException'],
        ['PreSignUp_SignUp', 'error', 'InvalidLambdaResponseException'],
        ['PreSignUp_SignUp', 'error', 'UnexpectedLambdaException'],
      ],
    );
  });

  test('Python: a PreSignUp handler auto-confirms', { skip: !hasPython && 'python3 is not installed' }, async () => {
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'py-pre-sign-up',
        Runtime: 'python3.12',
        Role: ROLE,
        Handler: 'lambda_function.lambda_handler',
        Code: {
          ZipFile: zipOf({
            'lambda_function.py': [
              'def lambda_handler(event, context):',
              '    if event["request"]["userAttributes"]["email"].endswith("@example.com"):',
              '        event["response"]["autoConfirmUser"] = True',
              '    else:',
              '        raise Exception("Domain not allowed")',
              '    return event',
            ].join('\n'),
          }),
        },
      }),
    );
    const { clientId } = await poolWith({ PreSignUp: fnArn('py-pre-sign-up') });
    // A warm worker first: on a loaded machine Python's cold start alone can take most of Cognito's 5 s.
    await lambda.send(new InvokeCommand({ FunctionName: 'py-pre-sign-up', InvocationType: 'DryRun' }));
    await lambda.send(
      new InvokeCommand({
        FunctionName: 'py-pre-sign-up',
        Payload: Buffer.from(
          JSON.stringify({ request: { userAttributes: { email: 'warm@example.com' } }, response: {} }),
        ),
      }),
    );
    assert.equal((await signUp(clientId, 'ivan', 'ivan@example.com')).UserConfirmed, true);
    await rejectsWith(
      signUp(clientId, 'jo', 'jo@other.test'),
      'UserLambdaValidationException',
      'PreSignUp failed with error Domain not allowed.',
    );
  });

  test('a changed function takes effect on the next trigger', async () => {
    await createNodeFunction(lambda, 'switch', 'exports.handler = async () => { throw new Error("closed"); };');
    const { clientId } = await poolWith({ PreSignUp: fnArn('switch') });
    await rejectsWith(
      signUp(clientId, 'kim', 'kim@example.com'),
      'UserLambdaValidationException',
      'PreSignUp failed with error closed.',
    );
    await lambda.send(
      new UpdateFunctionCodeCommand({
        FunctionName: 'switch',
        ZipFile: zipOf({ 'index.js': 'exports.handler = async (e) => e;' }),
      }),
    );
    assert.equal((await signUp(clientId, 'kim', 'kim@example.com')).UserConfirmed, false);
  });

  test('a removed permission and a changed LambdaConfig take effect on the next trigger', async () => {
    await createNodeFunction(lambda, 'gate', 'exports.handler = async (e) => e;');
    await createNodeFunction(
      lambda,
      'confirmer',
      'exports.handler = async (e) => { e.response.autoConfirmUser = true; return e; };',
    );
    const { poolId, poolArn, clientId } = await poolWith({ PreSignUp: fnArn('gate') });
    assert.equal((await signUp(clientId, 'lee', 'lee@example.com')).UserConfirmed, false);
    await lambda.send(new RemovePermissionCommand({ FunctionName: 'gate', StatementId: `cognito-${poolId}` }));
    await rejectsWith(
      signUp(clientId, 'lou', 'lou@example.com'),
      'UnexpectedLambdaException',
      'PreSignUp invocation failed due to error AccessDeniedException.',
    );
    await allow('confirmer', poolArn, 'cognito');
    await c.send(
      new UpdateUserPoolCommand({
        UserPoolId: poolId,
        AutoVerifiedAttributes: ['email'],
        LambdaConfig: { PreSignUp: fnArn('confirmer') },
      }),
    );
    assert.equal((await signUp(clientId, 'lou', 'lou@example.com')).UserConfirmed, true);
    await c.send(new UpdateUserPoolCommand({ UserPoolId: poolId, AutoVerifiedAttributes: ['email'] }));
    assert.equal((await signUp(clientId, 'lyn', 'lyn@example.com')).UserConfirmed, false);
  });

  test('the trace and the function log are there as soon as the call has answered', async () => {
    await createNodeFunction(
      lambda,
      'noted',
      'exports.handler = async (e) => { console.log("noted", e.userName); return e; };',
    );
    const { poolId, clientId } = await poolWith({ PreSignUp: fnArn('noted') });
    await signUp(clientId, 'max', 'max@example.com');
    // read at once, no polling: what waits for the write-behind batch is written before a read
    const trace = (await (await fetch(`${s.url}/_cognate/triggers/${poolId}`)).json()) as {
      invocations: { trigger: string; source: string; result: string }[];
    };
    assert.deepEqual(
      trace.invocations.map((i) => [i.trigger, i.source, i.result]),
      [['PreSignUp', 'PreSignUp_SignUp', 'ok']],
    );
    const page = await s
      .client(CloudWatchLogsClient)
      .send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/noted' }));
    const messages = (page.events ?? []).map((e) => e.message ?? '');
    assert.ok(messages.some((m) => m.startsWith('START RequestId: ')));
    assert.ok(messages.some((m) => m.includes('\tINFO\tnoted max')));
    assert.ok(messages.some((m) => m.startsWith('REPORT RequestId: ')));
  });

  test("a server that stops writes its functions' last log lines and trace first", async () => {
    await createNodeFunction(lambda, 'last-words', 'exports.handler = async (e) => { console.log("bye"); return e; };');
    const { poolId, clientId } = await poolWith({ PreSignUp: fnArn('last-words') });
    const other = await startServer({ join: s });
    try {
      await signUp(clientId, 'ned', 'ned@example.com', {}, other.cognito());
    } finally {
      await other.stop();
    }
    // read through the first server, which never held these lines
    const page = await s
      .client(CloudWatchLogsClient)
      .send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/last-words' }));
    assert.ok((page.events ?? []).some((e) => e.message?.includes('\tINFO\tbye')));
    const trace = (await (await fetch(`${s.url}/_cognate/triggers/${poolId}`)).json()) as {
      invocations: unknown[];
    };
    assert.equal(trace.invocations.length, 1);
  });
});
