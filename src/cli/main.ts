#!/usr/bin/env -S node --max-semi-space-size=2 --no-allocation-site-pretenuring
// The `cognate` command. Node runs it with a 2 MB young generation (the shebang; `npm start` too):
// a server's garbage is short-lived and small, and the default 16 MB semi-spaces held ~30 MB more
// at peak for ~5% more throughput (docs/benchmarks.md). Without pretenuring: in about two runs of
// five, V8 began allocating some per-request objects straight into the old generation once the
// kept user views (long-lived, made on the same paths) filled, and the heap grew ~17 MB/s between
// full collections (peak RSS 150-205 MB over 20,000-user reads, against 128-142 MB without it).
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { readSettings, settingsHelp, UsageError } from './args.js';

const COMMANDS = ['start', 'worker', 'cert', 'sns', 'ses', 'doctor', 'setup'];

const USAGE = `usage: cognate <command> [options]

commands:
  start     run the server: every service on one port (cognate start --help lists its settings)
  worker    deliver queued messages only (no HTTP), against the same --data/--db as the servers
  cert      write a local CA and a localhost certificate, to serve HTTPS (--tls-cert, --tls-key)
  sns       operator commands for SNS's SMS: sandbox, origination numbers, opt-outs (cognate sns --help)
  ses       operator commands for SES: check a domain's DNS, decide production access (cognate ses --help)
  doctor    why a user pool's SMS, email or triggers fail (cognate doctor --help)
  setup     set up a user pool's own email (SES) or SMS (IAM role, SNS), in cognate or AWS (cognate setup --help)

options:
  --version  print cognate's version
  -h, --help this text
`;

/** A command of subcommands (`cognate doctor`, `cognate setup`): each subcommand's module, and the usage. */
interface Group {
  usage: string;
  synopsis: string;
  commands: Record<string, () => Promise<{ run(argv: string[]): Promise<number> }>>;
}

const GROUPS: Record<string, Group> = {
  doctor: {
    usage: `usage: cognate doctor <command> --pool ID [options]

commands:
  sms --pool ID     why a user pool's SMS do not arrive: its role, trust policy, sns:Publish, SNS Region, sandbox, spend, failures
  email --pool ID   why a user pool's email does not arrive: its SES identity, sandbox, quotas, failures
  triggers --pool ID  why a user pool's Lambda triggers do not run: the functions, their invoke permission, the last calls

Both ask cognate (--endpoint) or AWS itself with the AWS SDK's credentials (--profile, the environment, SSO).
cognate doctor <command> --help lists a command's options.
`,
    synopsis: '<command> --pool ID [options]',
    commands: {
      sms: () => import('./doctor/sms.js'),
      email: () => import('./doctor/email.js'),
      triggers: () => import('./doctor/triggers.js'),
    },
  },
  setup: {
    usage: `usage: cognate setup <command> --pool ID [options]

commands:
  email --pool ID --from ADDRESS   the pool's own email: an SES identity, verified, out of the sandbox, and
                                   EmailConfiguration DEVELOPER with SourceArn and From
  sms --pool ID                    the pool's SMS: the IAM role Cognito assumes, SmsConfiguration, a verified
                                   number in the SNS sandbox, spend limit and origination identities

Each reads first and changes only what is missing (--dry-run: the plan, nothing changed), then prints
the doctor's report. Both ask cognate (--endpoint) or AWS itself with the AWS SDK's credentials
(--profile, the environment, SSO). cognate setup <command> --help lists a command's options.
`,
    synopsis: '<command> --pool ID [options]',
    commands: { email: () => import('./setup/email.js'), sms: () => import('./setup/sms.js') },
  },
};

/** `cognate doctor|setup <command> ...`; alone, or with --help, the list of its commands. */
async function group(name: string, argv: string[]): Promise<number> {
  const g = GROUPS[name];
  const load = Object.hasOwn(g.commands, argv[0] ?? '') ? g.commands[argv[0]] : undefined;
  if (load) return (await load()).run(argv.slice(1));
  const help = argv[0] === '--help' || argv[0] === '-h';
  if (argv.length && !help)
    throw new UsageError(
      name,
      argv[0].startsWith('-')
        ? `Unknown options: ${argv[0]}`
        : `cognate: error: argument command: Invalid choice, valid choices are:\n\n${Object.keys(g.commands).join(' | ')}`,
      g.synopsis,
    );
  process.stdout.write(g.usage);
  return help ? 0 : 2;
}

/** As the AWS CLI's `aws --version`: the program, then what it runs on. */
function version(): string {
  // dist/src/cli/main.js -> the package's own package.json (it is in every installed copy).
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return `cognate/${pkg.version} Node.js/${process.versions.node} ${process.platform}/${process.arch}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== undefined && Object.hasOwn(GROUPS, command)) {
    // The AWS SDK warns on every run under Node 20 that its releases after January 2027 need Node 22;
    // its maintainers' documented way to silence it (aws/aws-sdk-js-v3#7983), for every command that
    // loads the SDK, unless the user chose.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    return group(command, rest);
  }
  if (command === 'sns') return (await import('./sns.js')).run(rest);
  if (command === 'ses') return (await import('./ses.js')).run(rest);
  if (command === 'cert') return (await import('./cert.js')).run(rest);
  if (command === '--version') {
    process.stdout.write(version());
    return 0;
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (command !== 'start' && command !== 'worker') {
    if (command === undefined) {
      process.stdout.write(USAGE);
      return 2;
    }
    throw new UsageError(
      '',
      command.startsWith('-')
        ? `Unknown options: ${command}`
        : `cognate: error: argument command: Invalid choice, valid choices are:\n\n${COMMANDS.join(' | ')}`,
    );
  }
  const settings = readSettings(command, rest);
  if (settings.help) {
    process.stdout.write(settingsHelp(command));
    return 0;
  }
  const { config } = settings;
  let running: { close(): Promise<void> };
  if (command === 'start') {
    if (config.processes > 1 && cluster.isPrimary) return (await import('../server/cluster.js')).runCluster(config);
    const server = await (await import('../server/app.js')).startCognate(config);
    // The address on stdout as the first line, so scripts and tests can read it (a process of
    // --processes N tells the primary, which prints it once).
    if (!(await import('../server/cluster.js')).reportListening(server.url))
      process.stdout.write(`cognate listening on ${server.url}\n`);
    running = server;
  } else {
    running = await (await import('../server/app.js')).runWorker(config);
    process.stdout.write('cognate worker running\n');
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
    if (err instanceof UsageError) {
      process.stderr.write(err.text());
      process.exit(2);
    }
    process.stderr.write(`cognate: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
