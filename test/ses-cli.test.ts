// The whole story with the AWS CLI, as a user types it: create an SES identity and verify it by
// following the link in the captured mail, try to send from the sandbox to an unverified
// recipient and read AWS's error, request production access, send; point a user pool at the
// identity with update-user-pool; the operator commands for a domain and a held production request.
import { before, after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startServer, type TestServer } from './support/server.js';
import { waitForMail } from './support/ses.js';
import { AWS_CLI, AWS_CLI_PATH, awsCliMissing } from './support/aws-cli.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const ACCOUNT = '111122223333';

async function run(
  file: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(file, args, {
      env: { PATH: AWS_CLI_PATH, HOME: process.env.HOME ?? '/tmp', ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('SES with the AWS CLI', {
  skip: awsCliMissing,
}, () => {
  let s: TestServer;
  before(async () => {
    s = await startServer({ flags: { 'ses-production-access': 'manual' } });
  });
  after(() => s.stop());
  const aws = (...args: string[]) =>
    run(AWS_CLI, ['--endpoint-url', s.url, '--output', 'json', ...args], {
      AWS_ACCESS_KEY_ID: ACCOUNT,
      AWS_SECRET_ACCESS_KEY: 'x',
      AWS_DEFAULT_REGION: 'eu-west-1',
      AWS_PAGER: '',
    });
  const cognate = (...args: string[]) => run(process.execPath, [CLI, ...args, '--endpoint', s.url]);

  test('verify an address by its link, be refused in the sandbox, ask for production access, send', async () => {
    assert.equal((await aws('sesv2', 'create-email-identity', '--email-identity', 'me@example.com')).code, 0);
    const pending = JSON.parse(
      (await aws('ses', 'get-identity-verification-attributes', '--identities', 'me@example.com')).stdout,
    );
    assert.deepEqual(pending.VerificationAttributes, { 'me@example.com': { VerificationStatus: 'Pending' } });

    const mail = await waitForMail(s, (m) => m.Destination.ToAddresses.includes('me@example.com'));
    const link = /http\S+verify-email\S+/.exec(mail.Body.text_part!)![0];
    assert.equal((await fetch(link)).status, 200);
    const listed = JSON.parse((await aws('sesv2', 'list-email-identities')).stdout);
    assert.deepEqual(listed.EmailIdentities, [
      {
        IdentityType: 'EMAIL_ADDRESS',
        IdentityName: 'me@example.com',
        SendingEnabled: true,
        VerificationStatus: 'SUCCESS',
      },
    ]);

    const refused = await aws(
      'ses',
      'send-email',
      '--from',
      'me@example.com',
      '--to',
      'friend@example.net',
      '--subject',
      'Hi',
      '--text',
      'Hello',
    );
    assert.notEqual(refused.code, 0);
    assert.match(
      refused.stderr,
      /An error occurred \(MessageRejected\) when calling the SendEmail operation: Email address is not verified\. The following identities failed the check in region EU-WEST-1: friend@example\.net/,
    );

    const quota = JSON.parse((await aws('ses', 'get-send-quota')).stdout);
    assert.deepEqual(quota, { Max24HourSend: 200, MaxSendRate: 1, SentLast24Hours: 0 });

    // This server holds production access requests for an operator (--ses-production-access manual).
    assert.equal(
      (
        await aws(
          'sesv2',
          'put-account-details',
          '--production-access-enabled',
          '--mail-type',
          'TRANSACTIONAL',
          '--website-url',
          'https://example.com',
          '--use-case-description',
          'sign-up codes',
        )
      ).code,
      0,
    );
    const held = JSON.parse((await aws('sesv2', 'get-account')).stdout);
    assert.equal(held.ProductionAccessEnabled, false);
    assert.equal(held.Details.ReviewDetails.Status, 'PENDING');
    const review = await cognate('ses', 'review', '--grant', '--account', ACCOUNT, '--region', 'eu-west-1');
    assert.equal(review.code, 0, review.stdout);
    // nothing is pending any more
    assert.equal((await cognate('ses', 'review', '--deny', '--account', ACCOUNT, '--region', 'eu-west-1')).code, 1);
    const granted = JSON.parse((await aws('sesv2', 'get-account')).stdout);
    assert.equal(granted.ProductionAccessEnabled, true);
    assert.equal(granted.Details.ReviewDetails.Status, 'GRANTED');

    const sent = await aws(
      'sesv2',
      'send-email',
      '--from-email-address',
      'me@example.com',
      '--destination',
      'ToAddresses=friend@example.net',
      '--content',
      'Simple={Subject={Data=Hi},Body={Text={Data=Hello}}}',
    );
    assert.equal(sent.code, 0, sent.stderr);
    assert.ok(JSON.parse(sent.stdout).MessageId);
    await waitForMail(s, (m) => m.Destination.ToAddresses.includes('friend@example.net'));
  });

  test("update-user-pool --email-configuration with the verified identity, as the mission's document shows", async () => {
    const pool = JSON.parse((await aws('cognito-idp', 'create-user-pool', '--pool-name', 'app')).stdout).UserPool.Id;
    const unverified = await aws(
      'cognito-idp',
      'update-user-pool',
      '--user-pool-id',
      pool,
      '--email-configuration',
      `SourceArn=arn:aws:ses:eu-west-1:${ACCOUNT}:identity/other@example.com,EmailSendingAccount=DEVELOPER,From=other@example.com`,
    );
    assert.match(
      unverified.stderr,
      new RegExp(
        `An error occurred \\(InvalidParameterException\\) when calling the UpdateUserPool operation: Cognito received the following error from Amazon SES when attempting to send email: Email address is not verified\\. The following identities failed the check in region EU-WEST-1: arn:aws:ses:eu-west-1:${ACCOUNT}:identity/other@example\\.com`,
      ),
    );
    const foreign = await aws(
      'cognito-idp',
      'update-user-pool',
      '--user-pool-id',
      pool,
      '--email-configuration',
      'SourceArn=arn:aws:ses:eu-west-1:999999999999:identity/me@example.com,EmailSendingAccount=DEVELOPER',
    );
    assert.match(
      foreign.stderr,
      /\(NotAuthorizedException\) when calling the UpdateUserPool operation: Email arn does not belong to your account\./,
    );
    const ok = await aws(
      'cognito-idp',
      'update-user-pool',
      '--user-pool-id',
      pool,
      '--email-configuration',
      `SourceArn=arn:aws:ses:eu-west-1:${ACCOUNT}:identity/me@example.com,EmailSendingAccount=DEVELOPER,From=me@example.com`,
    );
    assert.equal(ok.code, 0, ok.stderr);
    const described = JSON.parse(
      (await aws('cognito-idp', 'describe-user-pool', '--user-pool-id', pool, '--query', 'UserPool.EmailConfiguration'))
        .stdout,
    );
    assert.deepEqual(described, {
      SourceArn: `arn:aws:ses:eu-west-1:${ACCOUNT}:identity/me@example.com`,
      EmailSendingAccount: 'DEVELOPER',
      From: 'me@example.com',
    });
  });

  test('a domain: verify-domain-identity, then cognate ses verify-domain settles it; an address in it may send', async () => {
    const token = JSON.parse(
      (await aws('ses', 'verify-domain-identity', '--domain', 'corp.example')).stdout,
    ).VerificationToken;
    assert.ok(token);
    const settled = await cognate(
      'ses',
      'verify-domain',
      'corp.example',
      '--status',
      'Success',
      '--account',
      ACCOUNT,
      '--region',
      'eu-west-1',
    );
    assert.equal(settled.code, 0, settled.stdout);
    assert.equal(JSON.parse(settled.stdout).status, 'Success');
    const sent = await aws(
      'ses',
      'send-email',
      '--from',
      'Corp <hello@corp.example>',
      '--to',
      'me@example.com',
      '--subject',
      'From the domain',
      '--text',
      'Hi',
    );
    assert.equal(sent.code, 0, sent.stderr);
    await waitForMail(s, (m) => m.Subject === 'From the domain');
    const unknown = await cognate(
      'ses',
      'verify-domain',
      'nothing.example',
      '--account',
      ACCOUNT,
      '--region',
      'eu-west-1',
    );
    assert.equal(unknown.code, 1);
  });
});

test('cognate ses refuses what is typed wrong as cognate start does: usage note, the AWS CLI line, exit 2', async () => {
  const note = 'usage: cognate ses <command> [options]\nTo see help text, you can run:\n\n  cognate ses --help\n\n';
  assert.deepEqual(await run(process.execPath, [CLI, 'ses', 'review', '--grnat']), {
    code: 2,
    stdout: '',
    stderr: `${note}Unknown options: --grnat\n`,
  });
  assert.equal(
    (await run(process.execPath, [CLI, 'ses', 'review', '--grant=yes'])).stderr,
    `${note}cognate: error: argument --grant: ignored explicit argument 'yes'\n`,
  );
  assert.equal(
    (await run(process.execPath, [CLI, 'ses', 'verify-domain', 'a.example', 'b.example'])).stderr,
    `${note}Unknown options: b.example\n`,
  );
});
