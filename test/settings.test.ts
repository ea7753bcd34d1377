// The command line: every row of README.md's settings table is a setting that src/config.ts
// declares (flag, variable, default and text alike), and each works as a flag and as a variable
// through the CLI's own reading of its arguments; the `cognate` command's help, version and
// refusals, as a person sees them in a terminal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { flagOf, loadConfig, settingList, variableOf } from '../src/config.js';
import { readSettings } from '../src/cli/args.js';
import { spawnCognate } from './support/process.js';

const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The README's settings table: its rows as written, below the header. */
function readmeRows(): string[] {
  const section = README.slice(README.indexOf('\n## Settings\n'));
  const table = /\n\| flag \| variable \| default \|[^\n]*\n\|[- |]+\|\n((?:\|[^\n]*\n)+)/.exec(section);
  assert.ok(table, 'README.md has a settings table');
  return table[1].trimEnd().split('\n');
}

const code = (s: string) => `\`${s.replaceAll('|', '\\|')}\``;
const cell = (s: string) => (s ? ` ${s} ` : ' ');
const rowOf = (s: ReturnType<typeof settingList>[number]) =>
  `|${[code(flagOf(s)), code(variableOf(s)), s.shown, s.doc ?? s.help].map(cell).join('|')}|`;

// A value each setting can take that is not its default; a new setting needs one here.
const SAMPLES: Record<string, string> = {
  port: '8080',
  host: '0.0.0.0',
  processes: '3',
  data: '/var/lib/cognate',
  db: 'postgres://cognate@db.internal/cognate',
  'default-account': '123456789012',
  kdf: '16384,8,5',
  'max-body-bytes': '2048',
  'log-level': 'debug',
  'smtp-url': 'smtp://user:pass@mail.internal:587',
  'sms-webhook-url': 'https://sms.internal/hook',
  'sms-webhook-secret': 's3cret',
  'public-url': 'http://cognate:4569',
  'social-idp-url': 'http://127.0.0.1:9999',
  'lambda-endpoint': 'http://127.0.0.1:3001',
  'tls-cert': '/etc/cognate/cert.pem',
  'tls-key': '/etc/cognate/key.pem',
  'token-issuer': 'aws',
  'default-email-daily-quota': '500',
  'delivery-lease-ms': '5000',
  'cognito-sms': 'direct',
  'cognito-email': 'direct',
  'dns-server': '10.0.0.2:53',
  'ses-production-access': 'manual',
  'ses-production-quota': '100000,20',
};

const PAIRS: Record<string, [string, string, string]> = {
  'tls-cert': ['tls-key', 'COGNATE_TLS_KEY', SAMPLES['tls-key']],
  'tls-key': ['tls-cert', 'COGNATE_TLS_CERT', SAMPLES['tls-cert']],
};

test("README's settings table is the settings the CLI declares, row for row", () => {
  const expected = settingList().map(rowOf);
  assert.deepEqual(readmeRows(), expected, `README.md's settings table should read:\n${expected.join('\n')}\n`);
});

test('each README row works as a flag and as its variable; the flag wins', () => {
  const defaults = loadConfig({}, {});
  for (const row of readmeRows()) {
    const [flagCell, variableCell] = row.split(/(?<!\\)\|/).slice(1, 3);
    const [flag, arg] = flagCell.trim().replaceAll('`', '').split(' ');
    const [variable, switchValue] = variableCell.trim().replaceAll('`', '').split('=');
    const name = flag.slice(2);
    const value = arg ? SAMPLES[name] : switchValue;
    assert.ok(value, `test/settings.test.ts has no sample value for ${flag}`);
    // The certificate and its key go together: each is given with the other's sample.
    const pair = PAIRS[name];
    const byFlag = readSettings(
      'start',
      [...(arg ? [flag, value] : [flag]), ...(pair ? [`--${pair[0]}`, pair[2]] : [])],
      {},
    );
    const byVariable = readSettings('start', [], { [variable]: value, ...(pair ? { [pair[1]]: pair[2] } : {}) });
    assert.ok(!byFlag.help && !byVariable.help);
    assert.deepEqual(byFlag.config, byVariable.config, `${flag} and ${variable} set the same`);
    assert.notDeepEqual(byFlag.config, defaults, `${flag} ${value} changes a setting`);
  }
  const both = readSettings('start', ['--port', '8080', '--no-worker'], { COGNATE_PORT: '1', COGNATE_WORKER: 'on' });
  assert.ok(!both.help);
  assert.equal(both.config.port, 8080);
  assert.equal(both.config.worker, false);
});

function cognate(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code) : 0, stdout, stderr }),
    );
  });
}

test('cognate start --help lists every setting with its variable and default', async () => {
  const { code: exit, stdout } = await cognate(['start', '--help']);
  assert.equal(exit, 0);
  assert.match(stdout, /^usage: cognate start \[options\]/);
  for (const s of settingList()) {
    const line = stdout.split('\n').find((l) => l.trimStart().startsWith(`${flagOf(s)} `));
    assert.ok(line, `--help has a line for ${flagOf(s)}`);
    assert.ok(line.includes(`[${variableOf(s)}]`), `${flagOf(s)}'s line names ${variableOf(s)}`);
  }
  assert.match(stdout, /--cognito-email aws\|direct .*\[COGNATE_COGNITO_EMAIL\] \(default: aws\)/);
  assert.match(stdout, /--max-body-bytes N .*\[COGNATE_MAX_BODY_BYTES\] \(default: 1048576\)/);
});

test('cognate --help lists the commands; --version names cognate and Node.js', async () => {
  const help = await cognate(['--help']);
  assert.equal(help.code, 0);
  for (const c of ['start', 'worker', 'cert', 'sns', 'ses', 'doctor', 'setup'])
    assert.match(help.stdout, new RegExp(`^  ${c} `, 'm'));
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  const version = await cognate(['--version']);
  assert.equal(version.code, 0);
  assert.equal(
    version.stdout,
    `cognate/${pkg.version} Node.js/${process.versions.node} ${process.platform}/${process.arch}\n`,
  );
});

test('cognate doctor alone lists its subcommands', async () => {
  const { code: exit, stdout } = await cognate(['doctor']);
  assert.equal(exit, 2);
  assert.match(stdout, /^usage: cognate doctor <command>/);
  assert.match(stdout, /^ {2}sms --pool ID /m);
  assert.match(stdout, /^ {2}email --pool ID /m);
});

test('cognate setup alone, or with --help, lists its subcommands', async () => {
  const alone = await cognate(['setup']);
  assert.equal(alone.code, 2);
  assert.match(alone.stdout, /^usage: cognate setup <command>/);
  assert.match(alone.stdout, /^ {2}email --pool ID --from ADDRESS /m);
  assert.match(alone.stdout, /^ {2}sms --pool ID /m);
  const help = await cognate(['setup', '--help']);
  assert.equal(help.code, 0);
  assert.equal(help.stdout, alone.stdout);
  const wrong = await cognate(['setup', 'dns']);
  assert.equal(wrong.code, 2);
  assert.match(
    wrong.stderr,
    /\ncognate: error: argument command: Invalid choice, valid choices are:\n\nemail \| sms\n$/,
  );
});

test('every command refuses an unknown option in the same words', async () => {
  for (const command of [
    ['start'],
    ['worker'],
    ['cert'],
    ['sns', 'status'],
    ['ses', 'review'],
    ['doctor', 'sms'],
    ['setup', 'email'],
    ['setup', 'sms'],
  ]) {
    const name = command.join(' ');
    const got = await cognate([...command, '--pool', 'us-east-1_x', '--colour']);
    assert.equal(got.code, 2, name);
    assert.equal(got.stdout, '', name);
    assert.match(got.stderr, new RegExp(`^usage: cognate ${name.split(' ')[0]}`), name);
    assert.match(got.stderr, /\nUnknown options: (--pool, (us-east-1_x, )?)?--colour\n$/, name);
  }
});

test('a bad value, an unknown option or command is refused as the AWS CLI refuses one', async () => {
  const note = 'usage: cognate start [options]\nTo see help text, you can run:\n\n  cognate start --help\n\n';
  assert.deepEqual(await cognate(['start', '--port', 'abc']), {
    code: 2,
    stdout: '',
    stderr: `${note}cognate: error: argument --port: invalid int value: 'abc'\n`,
  });
  assert.equal(
    (await cognate(['start', '--port', '70000'])).stderr,
    `${note}cognate: error: argument --port: 70000 is out of range (0 to 65535)\n`,
  );
  assert.equal(
    (await cognate(['start', '--log-level', 'loud'])).stderr,
    `${note}cognate: error: argument --log-level: Invalid choice, valid choices are:\n\ntrace | debug | info | warn | error | fatal | silent\n`,
  );
  assert.match(
    (await cognate(['start'], { COGNATE_LOG_LEVEL: 'loud' })).stderr,
    /\ncognate: error: environment variable COGNATE_LOG_LEVEL: Invalid choice, valid choices are:\n/,
  );
  assert.deepEqual(await cognate(['start', '--cognito-emial', 'direct']), {
    code: 2,
    stdout: '',
    stderr: `${note}Unknown options: --cognito-emial, direct\n`,
  });
  assert.equal(
    (await cognate(['start', '--tls-cert', 'cert.pem'])).stderr,
    `${note}cognate: error: argument --tls-key: needed with --tls-cert\n`,
  );
  const unknown = await cognate(['stat']);
  assert.equal(unknown.code, 2);
  assert.match(
    unknown.stderr,
    /cognate: error: argument command: Invalid choice, valid choices are:\n\nstart \| worker \| cert/,
  );
});

test('a data folder that cannot be opened is named in the error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cognate-settings-'));
  try {
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, '');
    const { code: exit, stderr } = await cognate(['start', '--port', '0', '--data', join(file, 'data')]);
    assert.equal(exit, 1);
    assert.equal(
      stderr,
      `cognate: cannot open the data folder ${join(file, 'data')}: a file is in the way (a folder is needed)\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('cognate start --cognito-email direct starts (the flag the CLI once refused)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cognate-settings-'));
  try {
    const p = await spawnCognate(['--cognito-email', 'direct', '--data', dir]);
    const health = await fetch(`${p.url}/health`);
    assert.equal(health.status, 200);
    p.child.kill('SIGTERM');
    assert.equal(await p.exited, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
