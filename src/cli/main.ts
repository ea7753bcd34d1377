#!/usr/bin/env -S node --max-semi-space-size=2 --no-allocation-site-pretenuring
// The `cognate` command. Node runs it with a 2 MB young generation (the shebang; `npm start` too):
// a server's garbage is short-lived and small, and the default 16 MB semi-spaces held ~30 MB more
// at peak for ~5% more throughput (docs/benchmarks.md). Without pretenuring: in about two runs of
// five, V8 began allocating some per-request objects straight into the old generation once the
// kept user views (long-lived, made on the same paths) filled, and the heap grew ~17 MB/s between
// full collections (peak RSS 150-205 MB over 20,000-user reads, against 128-142 MB without it).
import cluster from 'node:cluster';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';

const USAGE = `usage: cognate <command> [options]

commands:
  start     run the server (all services on one port)
  worker    deliver queued messages only (no HTTP), against the same --data/--db as the servers
  sns       operator commands for SNS's SMS: sandbox, origination numbers, opt-outs (cognate sns --help)
  ses       operator commands for SES: check a domain's DNS, decide production access (cognate ses --help)
  doctor sms --pool ID     why a user pool's SMS do not arrive: its role, trust policy, sns:Publish, SNS Region, sandbox, spend, failures
  doctor email --pool ID   why a user pool's email does not arrive: its SES identity, sandbox, quotas, failures

options for start (environment variable in brackets):
  --port N            port to listen on [COGNATE_PORT] (default 4569; 0 picks a free one)
  --host ADDR         address to listen on [COGNATE_HOST] (default 127.0.0.1)
  --processes N       server processes sharing the port and the store [COGNATE_PROCESSES] (default 1)
  --data DIR          SQLite data folder [COGNATE_DATA] (default ~/.cognate)
  --db URL            postgres://... or sqlite:FILE instead of the data folder [COGNATE_DB_URL]
  --default-account N account for access keys that are not 12 digits [COGNATE_DEFAULT_ACCOUNT] (default 000000000000)
  --kdf N,r,p         scrypt cost for passwords [COGNATE_KDF] (default 8192,8,10)
  --log-level LEVEL   trace|debug|info|warn|error [COGNATE_LOG_LEVEL] (default info)
  --public-url URL    base URL in links that messages carry [COGNATE_PUBLIC_URL] (default: the listening address)
  --default-email-daily-quota N  emails a day per account and region via Cognito's default sender [COGNATE_DEFAULT_EMAIL_DAILY_QUOTA] (default 50, as AWS)
  --smtp-url URL      also relay email over SMTP: smtp://user:pass@host:587, smtps://... [COGNATE_SMTP_URL]
  --sms-webhook-url URL     also POST each SMS as signed JSON to URL [COGNATE_SMS_WEBHOOK_URL]
  --cognito-sms aws|direct  user pools send SMS as AWS does (SmsConfiguration's role, SNS sandbox, spend) or straight to the SMS transport [COGNATE_COGNITO_SMS] (default aws)
  --sms-webhook-secret KEY  HMAC key for the X-Cognate-Signature header [COGNATE_SMS_WEBHOOK_SECRET]
  --no-worker         do not deliver messages from this process [COGNATE_WORKER=off]
  --dns-server HOST[:PORT]  DNS server(s) for SES domain verification, comma-separated [COGNATE_DNS_SERVER] (default: the system's)
  --ses-production-access auto|manual  SES production access requests granted at once, or held for \`cognate ses review\` [COGNATE_SES_PRODUCTION_ACCESS] (default auto)
  --ses-production-quota DAY,SECOND  an SES account's quota out of the sandbox [COGNATE_SES_PRODUCTION_QUOTA] (default 50000,14)
  --delivery-lease-ms N  how long a worker's claim on a message lasts [COGNATE_DELIVERY_LEASE_MS] (default 30000)
`;

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'sns') return (await import('./sns.js')).run(argv.slice(1));
  if (argv[0] === 'ses') return (await import('./ses.js')).run(argv.slice(1));
  if (argv[0] === 'doctor' && argv[1] === 'sms') return (await import('./doctor/sms.js')).run(argv.slice(2));
  if (argv[0] === 'doctor' && argv[1] === 'email') return (await import('./doctor/email.js')).run(argv.slice(2));
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      db: { type: 'string' },
      'default-account': { type: 'string' },
      kdf: { type: 'string' },
      'log-level': { type: 'string' },
      'max-body-bytes': { type: 'string' },
      'smtp-url': { type: 'string' },
      'public-url': { type: 'string' },
      'default-email-daily-quota': { type: 'string' },
      'sms-webhook-url': { type: 'string' },
      'cognito-sms': { type: 'string' },
      'sms-webhook-secret': { type: 'string' },
      'delivery-lease-ms': { type: 'string' },
      'no-worker': { type: 'boolean' },
      processes: { type: 'string' },
      'dns-server': { type: 'string' },
      'ses-production-access': { type: 'string' },
      'ses-production-quota': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return command || values.help ? 0 : 2;
  }
  const config = loadConfig(values);
  let running: { close(): Promise<void> };
  if (command === 'start') {
    if (config.processes > 1 && cluster.isPrimary) return (await import('../server/cluster.js')).runCluster(config);
    const server = await (await import('../server/app.js')).startCognate(config);
    // The address on stdout as the first line, so scripts and tests can read it (a process of
    // --processes N tells the primary, which prints it once).
    if (!(await import('../server/cluster.js')).reportListening(server.url))
      process.stdout.write(`cognate listening on ${server.url}\n`);
    running = server;
  } else if (command === 'worker') {
    running = await (await import('../server/app.js')).runWorker(config);
    process.stdout.write('cognate worker running\n');
  } else {
    process.stderr.write(`cognate: unknown command '${command}'\n\n${USAGE}`);
    return 2;
  }
  await new Promise<void>((resolve) => {
    const stop = () =>
      running.close().then(resolve, (err) => {
        process.stderr.write(`cognate: shutdown failed: ${err instanceof Error ? err.message : String(err)}\n`);
        resolve();
      });
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`cognate: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
