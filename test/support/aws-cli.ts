// The AWS CLI of the tests that drive cognate with it, found as a shell finds it: the first `aws`
// on the PATH (Debian's awscli puts it in /usr/bin, pip or pyenv elsewhere). .ci/run installs
// Debian's when there is none, so on CI these tests run rather than skip.
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

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

/**
 * The Python that runs the CLI (v1, a Python package): the interpreter of the `aws` script's `#!`
 * line, or `python3` when that is a shim; undefined when it cannot import the CLI's driver (CLI v2,
 * a program of its own).
 */
const cliPython: string | undefined = (() => {
  if (!AWS_CLI) return undefined;
  const first = readFileSync(AWS_CLI, { encoding: 'latin1' }).slice(0, 200).split('\n')[0];
  const python = /^#!\s*(\S*python[\d.]*)\s*$/.exec(first)?.[1] ?? 'python3';
  try {
    execFileSync(python, ['-c', 'import awscli.clidriver'], { stdio: 'ignore', env: { PATH: AWS_CLI_PATH } });
    return python;
  } catch {
    return undefined;
  }
})();

const BATCH = fileURLToPath(new URL('../../../test/support/aws_cli_batch.py', import.meta.url));

export interface CliResult {
  rc: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `aws <command>` for each command, in order, with `env`: through the CLI's own driver in one
 * Python process where the CLI is Python's (CLI v1: each command costs no interpreter start), else
 * one `aws` process per command. Each result is what that command printed and its exit code.
 */
export async function awsCliBatch(commands: string[][], env: Record<string, string>): Promise<CliResult[]> {
  const run = promisify(execFile);
  if (!cliPython) {
    const results: CliResult[] = [];
    for (const args of commands) {
      results.push(
        await run(AWS_CLI, args, { env }).then(
          ({ stdout, stderr }) => ({ rc: 0, stdout, stderr }),
          (e: { code?: number; stdout?: string; stderr?: string }) => ({
            rc: e.code ?? 1,
            stdout: e.stdout ?? '',
            stderr: e.stderr ?? '',
          }),
        ),
      );
    }
    return results;
  }
  const child = execFile(cliPython, [BATCH], { env, maxBuffer: 64 * 1024 * 1024 });
  child.stdin?.end(JSON.stringify(commands));
  const output = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (d: Buffer) => (out += d));
    child.stderr?.on('data', (d: Buffer) => (err += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`aws_cli_batch.py: exit ${code}\n${err}`)),
    );
  });
  return JSON.parse(output) as CliResult[];
}
