// The AWS CLI of the tests that drive cognate with it, found as a shell finds it: the first `aws`
// on the PATH (Debian's awscli puts it in /usr/bin, pip or pyenv elsewhere). .ci/run installs
// Debian's when there is none, so on CI these tests run rather than skip.
import { statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const file = join(dir, name);
    try {
      const st = statSync(file);
      if (st.isFile() && st.mode & 0o111) return file;
    } catch {}
  }
  return undefined;
}

/** The path of `aws`, if there is one. */
export const AWS_CLI = onPath('aws') ?? '';

/** `skip` for the tests that need it: false, or why they cannot run. */
export const awsCliMissing: string | false = AWS_CLI
  ? false
  : "the AWS CLI is not on the PATH (.ci/run installs Debian's awscli)";

/** The PATH of a child process that runs `aws` by name: its folder, then the system's. */
export const AWS_CLI_PATH = `${AWS_CLI ? `${dirname(AWS_CLI)}:` : ''}/usr/bin:/bin`;
