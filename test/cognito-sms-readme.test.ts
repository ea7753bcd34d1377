// The README's SMS walkthrough, run as written with the AWS CLI against a real server; `npx cognate`
// is this checkout's CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startServer } from './support/server.js';
import { AWS_CLI_PATH, awsCliMissing } from './support/aws-cli.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

function walkthrough(): string {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const m = /<!-- sms-walkthrough:[^>]*-->\s*```sh\n([\s\S]*?)```/.exec(readme);
  if (!m) throw new Error('README has no SMS walkthrough block');
  return m[1];
}

test('the README SMS walkthrough works with the AWS CLI', {
  skip: awsCliMissing,
}, async () => {
  const s = await startServer();
  const bin = mkdtempSync(join(tmpdir(), 'cognate-npx-'));
  try {
    // `npx cognate ...` runs this checkout's CLI.
    writeFileSync(join(bin, 'npx'), `#!/bin/sh\nshift\nexec "${process.execPath}" "${CLI}" "$@"\n`, { mode: 0o755 });
    const { stdout } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', walkthrough()], {
      env: { PATH: `${bin}:${AWS_CLI_PATH}`, HOME: process.env.HOME ?? '/tmp', COGNATE: s.url },
      timeout: 120_000,
    });
    assert.match(stdout, /"Message":"Your verification code is \d{6}\. "/);
    assert.match(stdout, /"inSandbox":false/);
    assert.match(stdout, /SMS can reach users/);
    assert.match(stdout, /StringEquals sts:ExternalId: ok/);
  } finally {
    rmSync(bin, { recursive: true, force: true });
    await s.stop();
  }
});
