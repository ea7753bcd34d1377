// `cognate setup sms --pool ID ...`: the SMS procedure of src/setup/sms.ts, printed step by step as
// it happens (or as one JSON report with --json), then the doctor's report. An AWS client like the
// AWS CLI: the SDK's credential chain, --profile, and --endpoint for cognate (none: AWS itself).
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { Readable } from 'node:stream';
import { ACCESS_OPTIONS, awsClients, type AwsAccess, type AwsClients } from '../../doctor/clients.js';
import { reachCognate } from '../../doctor/cognate-facts.js';
import { diagnoseSms, type SmsReport } from '../../doctor/sms-report.js';
import { setupSms, SetupError, type SmsSetupReport } from '../../setup/sms.js';
import { errorText, recordOperations, type SetupStep } from '../../setup/sms-steps.js';
import { render as renderDoctor } from '../doctor/sms.js';
import { UsageError } from '../args.js';

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
  --json                 print one JSON report (README.md, "cognate setup sms")
  --endpoint URL         cognate's address (or any AWS-compatible endpoint); without it: AWS
  --profile NAME         a profile of ~/.aws/config and credentials (else the SDK's credential chain)

Exit code: 0 done, 1 a step failed or AWS refused, 2 usage, 3 waiting for the one-time password.
`;

export interface SetupIo {
  /** where the one-time password is typed */
  input?: Readable;
  /** whether someone is there to type it (a terminal) */
  interactive?: boolean;
}

function options(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        pool: { type: 'string' },
        'external-id': { type: 'string' },
        'role-name': { type: 'string' },
        'sandbox-number': { type: 'string' },
        otp: { type: 'string' },
        'dry-run': { type: 'boolean' },
        json: { type: 'boolean' },
        ...ACCESS_OPTIONS,
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (e) {
    const code = (e as { code?: string }).code;
    const name = /'([^']+)'/.exec(String((e as Error).message))?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL')
      throw new UsageError(COMMAND, `Unknown options: ${name}`, SYNOPSIS);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE')
      throw new UsageError(COMMAND, `cognate: error: argument ${name.split(' ')[0]}: expected one argument`, SYNOPSIS);
    throw e;
  }
}

export async function run(
  argv: string[],
  out: (s: string) => void = (s) => process.stdout.write(s),
  io: SetupIo = { input: process.stdin, interactive: !!process.stdin.isTTY },
): Promise<number> {
  const values = options(argv);
  if (values.help) {
    out(USAGE);
    return 0;
  }
  if (!values.pool)
    throw new UsageError(COMMAND, 'cognate: error: the following arguments are required: --pool', SYNOPSIS);
  const access: AwsAccess = { endpoint: values.endpoint, profile: values.profile, region: values.region };
  const operations: string[] = [];
  const made = new Map<string, AwsClients>();
  const clientsIn = (region: string): AwsClients => {
    let c = made.get(region);
    if (!c) made.set(region, (c = recordOperations(awsClients(access, region), operations)));
    return c;
  };
  if (!values.json)
    out(`cognate setup sms: user pool ${values.pool}${values['dry-run'] ? ' (dry run: nothing is changed)' : ''}\n`);
  try {
    return await setupAndReport(values, access, clientsIn, operations, io, out);
  } finally {
    for (const c of made.values()) for (const client of [c.cognito, c.iam, c.sesv2, c.sns, c.sts]) client.destroy();
  }
}

async function setupAndReport(
  values: ReturnType<typeof options>,
  access: AwsAccess,
  clientsIn: (region: string) => AwsClients,
  operations: string[],
  io: SetupIo,
  out: (s: string) => void,
): Promise<number> {
  const json = !!values.json;
  const print = (s: string) => {
    if (!json) out(s);
  };
  const dryRun = !!values['dry-run'];
  let report: SmsSetupReport;
  try {
    report = await setupSms(clientsIn, {
      poolId: String(values.pool),
      externalId: values['external-id'],
      roleName: values['role-name'],
      sandboxNumber: values['sandbox-number'],
      otp: values.otp,
      dryRun,
      askOtp: io.interactive && !json && io.input ? (n) => askLine(io.input!, out, n) : undefined,
      onStep: (s) => print(stepText(s, dryRun)),
    });
  } catch (e) {
    const text = e instanceof SetupError ? e.message : errorText(e);
    if (json) out(`${JSON.stringify({ error: text, operations }, null, 2)}\n`);
    else out(`cognate setup sms: ${text}\n`);
    return 1;
  }
  print(`${summary(report)}\n`);
  const doctor = await doctorReport(access, report.pool.id).catch(
    (e: unknown) => `the doctor could not run: ${errorText(e)}`,
  );
  if (json)
    out(`${JSON.stringify({ ...report, operations, doctor: typeof doctor === 'string' ? null : doctor }, null, 2)}\n`);
  else out(typeof doctor === 'string' ? `${doctor}\n` : renderDoctor(doctor));
  if (report.waitingFor) return 3;
  return report.complete ? 0 : 1;
}

const MARK: Record<SetupStep['result'], string> = {
  unchanged: 'ok',
  changed: 'changed',
  planned: 'would change',
  waiting: 'waiting',
  failed: 'FAILED',
  reported: 'info',
};

function stepText(s: SetupStep, dryRun: boolean): string {
  const lines = [`  [${MARK[s.result]}] ${s.step}: ${s.message}`];
  for (const c of s.calls)
    lines.push(
      dryRun ? `      ${c.service} ${c.operation} ${JSON.stringify(c.input)}` : `      ${c.service} ${c.operation}`,
    );
  return `${lines.join('\n')}\n`;
}

function summary(r: SmsSetupReport): string {
  if (r.dryRun) {
    const planned = r.steps.filter((s) => s.result === 'planned').length;
    return planned
      ? `dry run: ${planned} step(s) would change something; nothing was changed`
      : 'dry run: nothing to change';
  }
  if (r.waitingFor === 'otp') return 'waiting: verify the sandbox number with --otp, then SMS reach it';
  if (!r.complete) return 'not done: a step failed (above)';
  return r.changed ? 'done' : 'done: nothing to change, the pool was already set up';
}

/** Asks for the one-time password on `input`; empty or closed input: none. */
async function askLine(input: Readable, out: (s: string) => void, phoneNumber: string): Promise<string | undefined> {
  out(`  SNS has texted a one-time password to ${phoneNumber}. Type it (empty to stop here): `);
  const rl = createInterface({ input, terminal: false });
  try {
    const next = await rl[Symbol.asyncIterator]().next();
    return next.done ? undefined : String(next.value).trim() || undefined;
  } finally {
    rl.close();
  }
}

/** The doctor's report, asked as the procedure asked: the same access, against cognate or AWS. */
async function doctorReport(access: AwsAccess, poolId: string): Promise<SmsReport | string> {
  return diagnoseSms(access, poolId, await reachCognate(access.endpoint), access.region);
}
