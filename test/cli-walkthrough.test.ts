// The README's walkthrough, run as written with the AWS CLI (the first `aws` on the PATH) against a real server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startServer } from './support/server.js';
import { AWS_CLI_PATH, awsCliMissing } from './support/aws-cli.js';

function walkthrough(): string {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const m = /<!-- walkthrough:[^>]*-->\s*```sh\n([\s\S]*?)```/.exec(readme);
  if (!m) throw new Error('README has no walkthrough block');
  return m[1];
}

test('the README walkthrough works with the AWS CLI', {
  skip: awsCliMissing,
}, async () => {
  const s = await startServer();
  try {
    const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', walkthrough()], {
      env: { PATH: AWS_CLI_PATH, HOME: process.env.HOME ?? '/tmp', COGNATE: s.url },
      timeout: 120_000,
    });
    const lines = stdout.trim().split('\n');
    assert.equal(lines.at(-1), 'CONFIRMED');
    // The sign-up answer and the mailbox as the CLI user saw them.
    assert.match(stdout, /"Destination": "a\*\*\*@e\*\*\*"/);
    assert.match(stdout, /"Source":"no-reply@verificationemail.com"/);
  } finally {
    await s.stop();
  }
});
