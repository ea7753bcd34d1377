// `cognate setup email --pool ID --from ADDRESS ...`: the procedure of src/setup/email.ts with
// the AWS SDK's clients (its credential chain, --profile, --region, --endpoint; no --endpoint:
// AWS itself), each step printed as it happens, or one JSON report (--json); then the report of
// `cognate doctor email`, from the doctor's own source (on cognate its delivery log too).
import type { MailType } from '@aws-sdk/client-sesv2';
import { reachCognate } from '../../doctor/cognate-facts.js';
import { emailReport, formatReport, type EmailReport } from '../../doctor/email-report.js';
import { sdkEmailSource } from '../../doctor/email-source.js';
import { fromBelongsTo } from '../../services/cognito-idp/pools/email-config.js';
import { allowedSesRegions } from '../../services/cognito-idp/pools/email-regions.js';
import { setupEmail, type EmailSetupOptions, type EmailSetupResult } from '../../setup/email.js';
import type { Out, SetupReport, Steps } from '../../setup/steps.js';
import { ACCESS_HELP, readPoolCommand, type PoolCommandLine } from '../access.js';
import { UsageError } from '../args.js';
import { runSetup } from './run.js';

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
${ACCESS_HELP.replace('the report as JSON', 'one JSON report (README: "cognate setup email")')}

Exit code: 0 done, 1 done but the doctor finds a problem, 2 refused, 3 waiting for verification.
`;

const OPTIONS = {
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
} as const;

/** The JSON report (`--json`); its shape is documented in README.md. */
export interface EmailSetupReport extends SetupReport<EmailSetupResult['outcome'], EmailReport> {
  sesRegion: string | null;
  identity: string | null;
}

const fail = (line: string) => new UsageError('setup email', `cognate: error: ${line}`, SYNOPSIS);

function options(line: PoolCommandLine<typeof OPTIONS>, opts: RunOptions): EmailSetupOptions {
  const { pool, region, values: v } = line;
  if (!v.from) throw fail('the following arguments are required: --from');
  const from = v.from;
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
  const line = readPoolCommand('setup email', argv, OPTIONS, SYNOPSIS);
  if (!line) {
    out(USAGE);
    return 0;
  }
  const o = options(line, ro);
  const { outcome, doctor } = await runSetup<EmailSetupResult, EmailSetupResult['outcome'], EmailReport>(
    {
      command: 'setup email',
      line,
      procedure: (run) => setupEmail({ clientsIn: run.clientsIn, poolRegion: line.region, steps: run.steps }, o),
      async doctor(run) {
        const { access, region } = line;
        const source = await sdkEmailSource(access, region, await reachCognate(access.endpoint), run.clientsIn);
        const report = await emailReport(source, o.pool);
        return { report, text: formatReport(report) };
      },
      outcome: (result) => result?.outcome ?? 'failed',
      summary: outcomeLine,
      fields: (result) => ({
        account: result?.account ?? null,
        sesRegion: result?.sesRegion ?? null,
        identity: result?.identity ?? null,
      }),
    },
    out,
  );
  if (outcome === 'failed') return 2;
  if (outcome === 'waiting for verification') return 3;
  // Only a pool set as asked is judged by the doctor: a plan leaves it as it was.
  return outcome !== 'planned' && doctor && doctor.verdict !== 'ok' ? 1 : 0;
}

function outcomeLine(outcome: EmailSetupReport['outcome'], steps: Steps): string {
  if (outcome === 'unchanged') return 'Nothing to change: the pool already sends through its verified SES identity.';
  if (outcome === 'configured') return 'Done: the pool sends through its SES identity (DEVELOPER).';
  if (outcome === 'planned')
    return steps.changed() ? 'Dry run: the planned calls above were not sent.' : 'Dry run: nothing would change.';
  if (outcome === 'waiting for verification') return 'Stopped: waiting for the identity to be verified.';
  return 'Stopped: AWS refused a call (above).';
}
