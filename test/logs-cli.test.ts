// The mission's "users get no mail", read as a developer would: the pool's message-delivery
// errors go to a log group, and `aws logs filter-log-events` shows why a message failed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SetLogDeliveryConfigurationCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startServer, type TestServer } from './support/server.js';
import { smtpSink, until } from './support/smtp.js';
import { AWS_CLI, AWS_CLI_PATH, awsCliMissing } from './support/aws-cli.js';

const ACCOUNT = '111122223333';

describe('log delivery with the AWS CLI', { skip: awsCliMissing }, () => {
  let s: TestServer;
  let sink: Awaited<ReturnType<typeof smtpSink>>;
  before(async () => {
    sink = await smtpSink(0, { refuse: { addresses: ['nobody@example.com'], code: 550 } });
    s = await startServer({ flags: { 'smtp-url': `smtp://127.0.0.1:${sink.port}` } });
  });
  after(async () => {
    await s.stop();
    await sink.close();
  });
  const aws = async (...args: string[]) => {
    const { stdout } = await promisify(execFile)(AWS_CLI, ['--endpoint-url', s.url, '--output', 'json', ...args], {
      env: {
        PATH: AWS_CLI_PATH,
        HOME: process.env.HOME ?? '/tmp',
        AWS_ACCESS_KEY_ID: ACCOUNT,
        AWS_SECRET_ACCESS_KEY: 'x',
        AWS_DEFAULT_REGION: 'eu-west-1',
        AWS_PAGER: '',
      },
      timeout: 60_000,
    });
    return stdout.trim() ? JSON.parse(stdout) : {};
  };

  test('aws logs filter-log-events shows why a sign-up code never arrived', async () => {
    await aws('logs', 'create-log-group', '--log-group-name', '/aws/vendedlogs/cognito/app');
    const groups = await aws('logs', 'describe-log-groups', '--log-group-name-prefix', '/aws/vendedlogs/');
    const arn = groups.logGroups[0].logGroupArn as string;
    assert.equal(arn, `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/vendedlogs/cognito/app`);

    const c = s.cognito({ region: 'eu-west-1', accessKeyId: ACCOUNT });
    const UserPoolId = (await c.send(new CreateUserPoolCommand({ PoolName: 'app', AutoVerifiedAttributes: ['email'] })))
      .UserPool!.Id!;
    await c.send(
      new SetLogDeliveryConfigurationCommand({
        UserPoolId,
        LogConfigurations: [
          { EventSource: 'userNotification', LogLevel: 'ERROR', CloudWatchLogsConfiguration: { LogGroupArn: arn } },
        ],
      }),
    );
    const ClientId = (await c.send(new CreateUserPoolClientCommand({ UserPoolId, ClientName: 'web' }))).UserPoolClient!
      .ClientId!;
    await c.send(
      new SignUpCommand({
        ClientId,
        Username: 'nobody',
        Password: 'Passw0rd!',
        UserAttributes: [{ Name: 'email', Value: 'nobody@example.com' }],
      }),
    );
    const found = await until('the failure in the log group', async () => {
      const out = await aws(
        'logs',
        'filter-log-events',
        '--log-group-name',
        '/aws/vendedlogs/cognito/app',
        '--filter-pattern',
        '{ $.logLevel = "ERROR" }',
      );
      return out.events?.length ? out : undefined;
    });
    const event = JSON.parse(found.events[0].message);
    assert.equal(event.userPoolId, UserPoolId);
    assert.match(event.message.details, /SMTP 550: .*nobody@example\.com refused/);

    const streams = await aws('logs', 'describe-log-streams', '--log-group-name', '/aws/vendedlogs/cognito/app');
    const read = await aws(
      'logs',
      'get-log-events',
      '--log-group-name',
      '/aws/vendedlogs/cognito/app',
      '--log-stream-name',
      streams.logStreams[0].logStreamName,
      '--start-from-head',
    );
    assert.equal(read.events.length, 1);
    assert.equal(read.events[0].message, found.events[0].message);
  });
});
