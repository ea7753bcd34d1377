// Runs cognate as its own process (the real CLI), for tests that kill it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPgDatabase, TEST_KDF, type Backend } from './server.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

export interface CognateProcess {
  url: string;
  child: ChildProcess;
  /** resolves when the process has exited */
  exited: Promise<number | null>;
  /** what it has written to stderr so far (its log lines) */
  stderr(): string;
}

export async function spawnCognate(args: string[]): Promise<CognateProcess> {
  const child = spawn(
    process.execPath,
    [CLI, 'start', '--port', '0', '--kdf', TEST_KDF, '--log-level', 'warn', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /cognate listening on (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    exited.then((code) => reject(new Error(`cognate exited (${code}) before listening: ${stderr}`)));
  });
  return { url, child, exited, stderr: () => stderr };
}

/** A store of its own for processes to share: `--data` of a new folder, or `--db` of a new PostgreSQL database. */
export async function processStore(
  backend: Backend,
  name: string,
): Promise<{ args: string[]; remove(): Promise<void> }> {
  if (backend === 'postgres') {
    const db = await createPgDatabase();
    return { args: ['--db', db.url], remove: db.drop };
  }
  const dir = mkdtempSync(join(tmpdir(), `cognate-${name}-`));
  return { args: ['--data', dir], remove: async () => rmSync(dir, { recursive: true, force: true }) };
}
