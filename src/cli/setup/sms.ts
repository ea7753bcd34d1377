// `cognate setup sms --pool ID ...`: the SMS procedure of src/setup/sms.ts, printed step by step as
// it happens (or as one JSON report with --json), then the doctor's report. An AWS client like the
// AWS CLI: the SDK's credential chain, --profile, and --endpoint for cognate (none: AWS itself).
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { reachCognate } from '../../doctor/cognate-facts.js';
import { diagnoseSms, type SmsReport } from '../../doctor/sms-report.js';
import { setupSms, type SmsSetupResult } from '../../setup/sms.js';
import type { Out, SetupReport, Steps } from '../../setup/steps.js';
import { runSetup } from './run.js';
import { ACCESS_HELP, readPoolCommand } from '../access.js';
import { render as renderDoctor } from '../doctor/sms.js';

const COMMAND = 'setup sms';
const SYNOPSIS = '--pool ID [options]';

const USAGE = `usage: cognate setup sms --pool ID [--external-id ID] [--role-name NAME] [--sandbox-number E164]
                         [--otp CODE] [--dry-run] [--json] [--endpoint URL] [--profile NAME]

Sets up a user pool's SMS as the Cognito developer guide's procedure does, and says what it did:
  - the IAM role Cognito assumes: created, or its trust policy repaired (sts:ExternalId, aws:SourceAccount,
    aws:SourceArn of this pool); an inline policy allowing sns:Publish where the role cannot publish
  - UpdateUserPool with SmsConfiguration (SnsCallerArn, ExternalId, SnsRegion), every other setting sent
    back as DescribeUserPool shows it, so nothing is reset
  - in the SNS SMS sandbox: --sandbox-number added, and verified with the one-time password SNS texts it
    (asked for on a terminal, or --otp CODE on a second run)
  - the spend limit and the origination identities US numbers need, reported
then prints \`cognate doctor sms\`'s report.

options:
  --pool ID              the user pool (its Region is the pool id's)
  --external-id ID       the external id (default: the pool's, else a new UUID)
  --role-name NAME       the role (default: the pool's SnsCallerArn, else CognitoSms-<pool id>)
  --sandbox-number E164  a phone number to verify in the SNS SMS sandbox
  --otp CODE             the one-time password SNS texted to --sandbox-number
  --dry-run              read, and print each call that would change something with its input; change nothing
${ACCESS_HELP.replace('the report as JSON', 'one JSON report (README.md, "cognate setup sms")')}

Exit code: 0 done, 1 a step failed, 2 refused (a usage error, or AWS's refusal), 3 waiting for the one-time password.
`;

export interface SetupIo {
  /** where the one-time password is typed */
  input?: Readable;
  /** whether someone is there to type it (a terminal) */
  interactive?: boolean;
}

const OPTIONS = {
  'external-id': { type: 'string' },
  'role-name': { type: 'string' },
  'sandbox-number': { type: 'string' },
  otp: { type: 'string' },
  'dry-run': { type: 'boolean' },
} as const;

export type SmsSetupOutcome = 'configured' | 'unchanged' | 'planned' | 'waiting for one-time password' | 'incomplete';

/** The JSON report (`--json`); its shape is documented in README.md. */
export interface SmsSetupReport
  extends SetupReport<SmsSetupOutcome, SmsReport>,
    Partial<Omit<SmsSetupResult, 'account'>> {}

export async function run(
  argv: string[],
  out: Out = (s) => process.stdout.write(s),
  io: SetupIo = { input: process.stdin, interactive: !!process.stdin.isTTY },
): Promise<number> {
  const line = readPoolCommand(COMMAND, argv, OPTIONS, SYNOPSIS);
  if (!line) {
    out(USAGE);
    return 0;
  }
  const { access, pool, values } = line;
  const { outcome } = await runSetup<SmsSetupResult, SmsSetupOutcome, SmsReport>(
    {
      command: COMMAND,
      line,
      procedure: (run) =>
        setupSms(run, {
          poolId: pool,
          region: line.region,
          externalId: values['external-id'],
          roleName: values['role-name'],
          sandboxNumber: values['sandbox-number'],
          otp: values.otp,
          askOtp: io.interactive && !line.json && io.input ? (n) => askLine(io.input!, out, n) : undefined,
        }),
      async doctor() {
        const report = await diagnoseSms(access, pool, await reachCognate(access.endpoint), access.region);
        return { report, text: renderDoctor(report) };
      },
      outcome: outcomeOf,
      summary,
      fields: (result) => result ?? {},
    },
    out,
  );
  if (outcome === 'failed') return 2;
  if (outcome === 'waiting for one-time password') return 3;
  return outcome === 'incomplete' ? 1 : 0;
}

function outcomeOf(result: SmsSetupResult | undefined, steps: Steps): SmsSetupReport['outcome'] {
  if (!result) return 'failed';
  if (result.waitingFor === 'otp') return 'waiting for one-time password';
  if (steps.records.some((s) => s.status === 'failed')) return 'incomplete';
  if (steps.opts.dryRun) return 'planned';
  return steps.changed() ? 'configured' : 'unchanged';
}

function summary(outcome: SmsSetupReport['outcome'], steps: Steps): string {
  if (outcome === 'planned')
    return steps.changed() ? 'Dry run: the planned calls above were not sent.' : 'Dry run: nothing would change.';
  if (outcome === 'waiting for one-time password')
    return 'Stopped: verify the sandbox number with --otp, then SMS reach it.';
  if (outcome === 'incomplete') return 'Not done: a step failed (above).';
  if (outcome === 'failed') return 'Stopped: AWS refused a call (above).';
  return outcome === 'configured'
    ? 'Done: the pool sends SMS through its role.'
    : 'Nothing to change: the pool was already set up.';
}

/** Asks for the one-time password on `input`; empty or closed input: none. */
async function askLine(input: Readable, out: Out, phoneNumber: string): Promise<string | undefined> {
  out(`  SNS has texted a one-time password to ${phoneNumber}. Type it (empty to stop here): `);
  const rl = createInterface({ input, terminal: false });
  try {
    const next = await rl[Symbol.asyncIterator]().next();
    return next.done ? undefined : String(next.value).trim() || undefined;
  } finally {
    rl.close();
  }
}
