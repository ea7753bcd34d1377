// The README's walkthrough, run as written with Debian's AWS CLI against a real server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startServer } from './support/server.js';

const AWS = '/usr/bin/aws';

function walkthrough(): string {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const m = /<!-- walkthrough:[^>]*-->\s*```sh\n([\s\S]*?)```/.exec(readme);
  if (!m) throw new Error('README has no walkthrough block');
  return m[1];
}

test('the README walkthrough works with the AWS CLI', {
  skip: existsSync(AWS) ? false : `${AWS} is not installed (Debian package awscli)`,
}, async () => {
  const s = await startServer();
  try {
    const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', walkthrough()], {
      env: { PATH: `/usr/bin:/bin`, HOME: process.env.HOME ?? '/tmp', COGNATE: s.url },
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
