// A function's deployment package on disk: unpacked once per content (the directory is named by the
// package's SHA-256, so every worker and every process of one machine shares it), into a temporary
// directory renamed into place, so a reader never sees half a package. Entries that would leave the
// directory (absolute paths, `..`) are refused, as Lambda refuses such archives.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, normalize, sep } from 'node:path';
import { unzipSync } from 'fflate';

export const codeRoot = () => join(tmpdir(), 'cognate-lambda-code');

/** The files of a zip, or undefined when it is no zip or names a path outside itself. */
export function readZip(zip: Uint8Array): Record<string, Uint8Array> | undefined {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip);
  } catch {
    return undefined;
  }
  for (const name of Object.keys(files)) {
    const n = normalize(name);
    if (n.startsWith('/') || n.startsWith(`..${sep}`) || n === '..' || /^[A-Za-z]:/.test(n)) return undefined;
  }
  return files;
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('base64');

let sdkModules: string | null | undefined;
/**
 * cognate's own node_modules, where the AWS SDK for JavaScript v3 is: Lambda's Node.js runtimes
 * include it, so a handler that imports it without bundling runs unchanged.
 */
function runtimeModules(): string | null {
  if (sdkModules !== undefined) return sdkModules;
  try {
    const entry = createRequire(import.meta.url).resolve('@aws-sdk/client-cognito-identity-provider');
    let dir = dirname(entry);
    while (!dir.endsWith(`${sep}node_modules`) && dirname(dir) !== dir) dir = dirname(dir);
    sdkModules = dir.endsWith(`${sep}node_modules`) ? dir : null;
  } catch {
    sdkModules = null;
  }
  return sdkModules;
}

/** The directory holding the unpacked package `zip` (base64), made if missing. */
export async function unpacked(codeSha256: string, zipBase64: () => Promise<string>): Promise<string> {
  const name = Buffer.from(codeSha256, 'base64').toString('hex');
  const dir = join(codeRoot(), name);
  if (existsSync(dir)) return dir;
  const files = readZip(Buffer.from(await zipBase64(), 'base64')) ?? {};
  const temp = join(codeRoot(), `.${name}.${randomBytes(6).toString('hex')}`);
  mkdirSync(temp, { recursive: true });
  for (const [path, bytes] of Object.entries(files)) {
    if (path.endsWith('/')) {
      mkdirSync(join(temp, path), { recursive: true });
      continue;
    }
    mkdirSync(dirname(join(temp, path)), { recursive: true });
    writeFileSync(join(temp, path), bytes, { mode: 0o755 });
  }
  const modules = runtimeModules();
  if (modules && !files['node_modules/'] && !Object.keys(files).some((f) => f.startsWith('node_modules/')))
    symlinkSync(modules, join(temp, 'node_modules'), 'dir');
  try {
    renameSync(temp, dir);
  } catch {
    rmSync(temp, { recursive: true, force: true }); // another worker put it there first
  }
  return dir;
}
