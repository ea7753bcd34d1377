// `cognate cert`: a local CA and a server certificate it signs, written to a folder, for
// `cognate start --tls-cert cert.pem --tls-key key.pem`. The CA is kept when the folder has one,
// so clients that trust it go on trusting the next certificate.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { SETTINGS } from '../config.js';
import { readOptions } from './args.js';

const USAGE = `usage: cognate cert [--dir DIR] [--name NAME ...]

Writes a local certificate authority (ca.pem, ca-key.pem; kept if DIR has them) and a server
certificate it signs (cert.pem, key.pem) for localhost, 127.0.0.1 and ::1, and each --name
(a DNS name or an IP address). DIR defaults to tls/ in the data folder (COGNATE_DATA, ~/.cognate).
Private keys are written readable by their owner only.
`;

export async function run(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  const { help, values } = readOptions(
    'cert',
    argv,
    { dir: { type: 'string' }, name: { type: 'string', multiple: true } },
    { synopsis: '[--dir DIR] [--name NAME ...]' },
  );
  if (help) {
    out(USAGE);
    return 0;
  }
  const dataDir = process.env[SETTINGS.dataDir.env] || join(homedir(), '.cognate');
  const dir = resolve(values.dir ?? join(dataDir, 'tls'));
  const names = [...new Set(['localhost', '127.0.0.1', '::1', ...(values.name ?? [])])];
  const { makeCa, makeServerCert } = await import('../crypto/local-ca.js');
  mkdirSync(dir, { recursive: true });
  const file = (name: string) => join(dir, name);
  const kept = existsSync(file('ca.pem')) && existsSync(file('ca-key.pem'));
  const ca = kept
    ? { cert: readFileSync(file('ca.pem'), 'utf8'), key: readFileSync(file('ca-key.pem'), 'utf8') }
    : await makeCa(hostname());
  const secret = (name: string, pem: string) => {
    writeFileSync(file(name), pem, { mode: 0o600 });
    chmodSync(file(name), 0o600);
  };
  if (!kept) {
    secret('ca-key.pem', ca.key);
    writeFileSync(file('ca.pem'), ca.cert);
  }
  const server = await makeServerCert(ca, names);
  secret('key.pem', server.key);
  writeFileSync(file('cert.pem'), server.cert);
  out(`cognate cert: wrote to ${dir}
  ca.pem, ca-key.pem   the local CA (${kept ? 'kept' : 'new'}): trust ca.pem where clients run
  cert.pem, key.pem    a server certificate for ${names.join(', ')}, valid until ${server.notAfter.toISOString().slice(0, 10)}

Serve HTTPS:
  cognate start --tls-cert ${file('cert.pem')} --tls-key ${file('key.pem')}
Trust the CA in Node.js (the AWS SDK, aws-jwt-verify, Amplify's server side):
  export NODE_EXTRA_CA_CERTS=${file('ca.pem')}
in the AWS CLI and Python's botocore:
  export AWS_CA_BUNDLE=${file('ca.pem')}
`);
  return 0;
}
