// `cognate setup email --pool ID --from ADDRESS ...`: the procedure of src/setup/email.ts with
// the AWS SDK's clients (its credential chain, --profile, --region, --endpoint; no --endpoint:
// AWS itself), each step printed as it happens, or one JSON report (--json).
import { parseArgs } from 'node:util';
import type { MailType } from '@aws-sdk/client-sesv2';
import { ACCESS_OPTIONS, awsClients, type AwsAccess, type AwsClients } from '../../doctor/clients.js';
import { formatReport } from '../../doctor/email-report.js';
import { fromBelongsTo } from '../../services/cognito-idp/pools/email-config.js';
import { allowedSesRegions } from '../../services/cognito-idp/pools/email-regions.js';
import { setupEmail, type EmailSetupOptions, type EmailSetupResult } from '../../setup/email.js';
import { sdkEmailSource } from '../../setup/email-doctor.js';
import { recordCalls, Steps, type Out, type SentCall, type StepRecord } from '../../setup/steps.js';
import type { EmailReport } from '../../doctor/email-report.js';
import { UsageError } from '../args.js';

const SYNOPSIS = '--pool ID --from ADDRESS [options]';

export const USAGE = `usage: cognate setup email ${SYNOPSIS}

Points a user pool's email at your own SES identity, as the console procedure does: reads the pool
(DescribeUserPool) and SES (GetEmailIdentity, GetAccount), then does what is missing, each step
printed as it happens: creates the identity, says how to verify it (the link in the mail; for a
domain, the DNS records as zone-file lines) and waits for it with --wait; asks for production access
with --request-production; sets EmailSendingAccount DEVELOPER, SourceArn, From and ReplyToEmailAddress
with UpdateUserPool, sending every other setting back as DescribeUserPool shows it; ends with the
report of cognate doctor email. A second run changes nothing.

options:
  --pool ID                 the user pool
  --from ADDRESS            the sender, addr@x or "Name <addr@x>"
  --identity ID             the SES identity: the From address (default) or its domain
  --reply-to ADDRESS        ReplyToEmailAddress
  --ses-region R            SES's Region (default: the pool's); one its Region may use
  --wait                    wait until SES has verified the identity
  --timeout S               how long --wait waits (default: 900)
  --request-production      leave the SES sandbox: PutAccountDetails, with
    --website-url URL         (required) your website
    --mail-type T             TRANSACTIONAL (default) or MARKETING
    --use-case TEXT           how you send mail
    --contact-email ADDRESS   who AWS may write to about the request (up to 4)
  --dry-run                 print the plan (each AWS call with its input), change nothing
  --json                    print one JSON report (README: "cognate setup email")
  --endpoint URL            cognate's address, or any AWS-compatible endpoint (default:
                            COGNATE_ENDPOINT; none: AWS itself)
  --profile P, --region R   the AWS profile; the pool's Region (default: its id's)

Exit code: 0 done, 1 done but the doctor finds a problem, 2 refused, 3 waiting for verification.
`;

const OPTIONS = {
  ...ACCESS_OPTIONS,
  pool: { type: 'string' },
  from: { type: 'string' },
  identity: { type: 'string' },
  'reply-to': { type: 'string' },
  'ses-region': { type: 'string' },
  wait: { type: 'boolean' },
  timeout: { type: 'string' },
  'request-production': { type: 'boolean' },
  'website-url': { type: 'string' },
  'mail-type': { type: 'string' },
  'use-case': { type: 'string' },
  'contact-email': { type: 'string', multiple: true },
  'dry-run': { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K] extends { multiple: true } ? string[] : string };

/** The JSON report (`--json`); its shape is documented in README.md. */
export interface EmailSetupReport {
  command: 'setup email';
  pool: string;
  region: string;
  account: string | null;
  sesRegion: string | null;
  identity: string | null;
  /** null: AWS itself */
  endpoint: string | null;
  dryRun: boolean;
  outcome: EmailSetupResult['outcome'] | 'failed';
  steps: StepRecord[];
  /** every AWS operation the run sent, in order */
  calls: SentCall[];
  doctor: EmailReport | null;
  error: { code: string; message: string } | null;
}

const fail = (line: string) => new UsageError('setup email', `cognate: error: ${line}`, SYNOPSIS);

/** Reads the command line as the AWS CLI would: unknown options and bad values are usage errors. */
function read(argv: string[]): Values {
  const { tokens } = parseArgs({ args: argv, options: OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const values: Record<string, string | boolean | string[]> = {};
  const unknown: string[] = [];
  for (const t of tokens) {
    if (t.kind === 'positional') unknown.push(t.value);
    if (t.kind !== 'option') continue;
    const option = (OPTIONS as Record<string, { type: string; multiple?: boolean }>)[t.name];
    if (!option) unknown.push(t.rawName);
    else if (option.type === 'boolean') {
      if (t.inlineValue) throw fail(`argument ${t.rawName}: ignored explicit argument '${t.value}'`);
      values[t.name] = true;
    } else if (t.value === undefined || (!t.inlineValue && t.value.startsWith('--')))
      throw fail(`argument ${t.rawName}: expected one argument`);
    else if (option.multiple) values[t.name] = [...((values[t.name] as string[]) ?? []), t.value];
    else values[t.name] = t.value;
  }
  if (unknown.length) throw new UsageError('setup email', `Unknown options: ${unknown.join(', ')}`, SYNOPSIS);
  return values as Values;
}

function options(v: Values, opts: RunOptions): EmailSetupOptions & { region: string } {
  const required = (['pool', 'from'] as const).filter((k) => !v[k]);
  if (required.length) throw fail(`the following arguments are required: ${required.map((k) => `--${k}`).join(', ')}`);
  const pool = v.pool!;
  const from = v.from!;
  const region = v.region ?? pool.split('_')[0];
  if (v.identity && !fromBelongsTo(from, v.identity))
    throw fail(`argument --from: ${from} is not the identity ${v.identity} nor an address in it`);
  if (v['ses-region'] && !allowedSesRegions(region).includes(v['ses-region']))
    throw fail(
      `argument --ses-region: a pool in ${region} may use SES in ${allowedSesRegions(region).join(', ')}, not ${v['ses-region']}`,
    );
  const timeout = v.timeout ?? '900';
  if (!/^\d+$/.test(timeout)) throw fail(`argument --timeout: invalid int value: '${timeout}'`);
  const mailType = v['mail-type'] ?? 'TRANSACTIONAL';
  if (mailType !== 'TRANSACTIONAL' && mailType !== 'MARKETING')
    throw fail(`argument --mail-type: Invalid choice, valid choices are:\n\nTRANSACTIONAL | MARKETING`);
  // PutAccountDetails requires MailType and WebsiteURL (the SES v2 model).
  if (v['request-production'] && !v['website-url'])
    throw fail('argument --request-production: SES requires --website-url with it');
  return {
    region,
    pool,
    from,
    identity: v.identity,
    replyTo: v['reply-to'],
    sesRegion: v['ses-region'],
    wait: !!v.wait,
    timeoutSeconds: Number(timeout),
    pollMs: opts.pollMs ?? 5000,
    tty: opts.tty ?? !!process.stdout.isTTY,
    production: v['request-production']
      ? {
          MailType: mailType as MailType,
          WebsiteURL: v['website-url']!,
          ...(v['use-case'] ? { UseCaseDescription: v['use-case'] } : {}),
          ...(v['contact-email'] ? { AdditionalContactEmailAddresses: v['contact-email'] } : {}),
        }
      : undefined,
  };
}

export interface RunOptions {
  /** how often --wait asks SES, in ms (default 5000) */
  pollMs?: number;
  /** progress on one rewritten line (default: whether stdout is a terminal) */
  tty?: boolean;
}

export async function run(
  argv: string[],
  out: Out = (s) => process.stdout.write(s),
  ro: RunOptions = {},
): Promise<number> {
  const v = read(argv);
  if (v.help) {
    out(USAGE);
    return 0;
  }
  const o = options(v, ro);
  const access: AwsAccess = {
    endpoint: v.endpoint ?? process.env.COGNATE_ENDPOINT,
    profile: v.profile,
    region: v.region,
  };
  const json = !!v.json;
  const dryRun = !!v['dry-run'];
  const steps = new Steps(out, { json, dryRun });
  const calls: SentCall[] = [];
  const byRegion = new Map<string, AwsClients>();
  const clientsIn = (region: string) => {
    if (!byRegion.has(region)) byRegion.set(region, recordCalls(awsClients(access, region), calls));
    return byRegion.get(region)!;
  };
  steps.print(
    `cognate setup email: pool ${o.pool} (${o.region}) at ${access.endpoint ?? 'AWS'}${dryRun ? ', dry run: nothing is changed' : ''}\n\n`,
  );
  let result: EmailSetupResult | undefined;
  let error: EmailSetupReport['error'] = null;
  try {
    result = await setupEmail(
      { clientsIn, poolRegion: o.region, steps, doctor: sdkEmailSource(clientsIn(o.region), clientsIn) },
      o,
    );
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    error = { code: err.name, message: err.message };
    steps.record({ step: 'refused', status: 'failed', detail: `${err.name}: ${err.message}` });
  } finally {
    for (const c of byRegion.values())
      for (const client of Object.values(c)) if (typeof client === 'object') client.destroy();
  }
  const outcome = result?.outcome ?? 'failed';
  if (result?.doctor) steps.print(`\n${formatReport(result.doctor)}`);
  steps.print(`\n${outcomeLine(outcome, steps)}\n`);
  if (json) {
    const report: EmailSetupReport = {
      command: 'setup email',
      pool: o.pool,
      region: o.region,
      account: result?.account ?? null,
      sesRegion: result?.sesRegion ?? null,
      identity: result?.identity ?? null,
      endpoint: access.endpoint ?? null,
      dryRun,
      outcome,
      steps: steps.records,
      calls,
      doctor: result?.doctor ?? null,
      error,
    };
    out(`${JSON.stringify(report, null, 2)}\n`);
  }
  if (outcome === 'failed') return 2;
  if (outcome === 'waiting for verification') return 3;
  return result?.doctor && result.doctor.verdict !== 'ok' ? 1 : 0;
}

function outcomeLine(outcome: EmailReport['verdict'] | EmailSetupReport['outcome'], steps: Steps): string {
  if (outcome === 'unchanged') return 'Nothing to change: the pool already sends through its verified SES identity.';
  if (outcome === 'configured') return 'Done: the pool sends through its SES identity (DEVELOPER).';
  if (outcome === 'planned')
    return steps.changed() ? 'Dry run: the planned calls above were not sent.' : 'Dry run: nothing would change.';
  if (outcome === 'waiting for verification') return 'Stopped: waiting for the identity to be verified.';
  return 'Stopped: AWS refused a call (above).';
}
