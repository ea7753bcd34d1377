// What both `cognate setup` commands do around their procedure: the header line, the run's SDK
// clients (setup/steps.ts's SetupRun), the procedure, then the doctor's report of the pool as the
// run leaves it (after every run AWS did not refuse), the outcome line, and with --json the one
// report of the shared envelope (setup/steps.ts's SetupReport; README.md documents both).
import { errorText } from '../../doctor/sdk-errors.js';
import { SetupRun, type Out, type SetupReport, type Steps } from '../../setup/steps.js';
import type { PoolCommandLine } from '../access.js';

export interface SetupCommand<Result, Outcome extends string, Doctor> {
  command: 'setup email' | 'setup sms';
  line: PoolCommandLine<{ 'dry-run': { type: 'boolean' } }>;
  /** the procedure, on the run's clients and steps */
  procedure(run: SetupRun): Promise<Result>;
  /** the doctor's report (through the run's access), and its text */
  doctor(run: SetupRun): Promise<{ report: Doctor; text: string }>;
  /** what the run came to, from its result (undefined: refused) and steps */
  outcome(result: Result | undefined, steps: Steps): Outcome | 'failed';
  /** the outcome in a sentence, printed last */
  summary(outcome: Outcome | 'failed', steps: Steps): string;
  /** the procedure's own members of the JSON report */
  fields(result: Result | undefined): Record<string, unknown> & { account?: string | null };
}

/** Runs a setup command; what it came to, for the command's exit code. */
export async function runSetup<Result, Outcome extends string, Doctor>(
  c: SetupCommand<Result, Outcome, Doctor>,
  out: Out,
): Promise<{ outcome: Outcome | 'failed'; doctor?: Doctor }> {
  const { access, pool, region } = c.line;
  const dryRun = !!c.line.values['dry-run'];
  const run = new SetupRun(access, out, { json: c.line.json, dryRun });
  const { steps } = run;
  steps.print(
    `cognate ${c.command}: pool ${pool} (${region}) at ${access.endpoint ?? 'AWS'}${dryRun ? ', dry run: nothing is changed' : ''}\n\n`,
  );
  let result: Result | undefined;
  let doctor: Doctor | undefined;
  let error: SetupReport<Outcome, Doctor>['error'] = null;
  try {
    result = await c.procedure(run);
    // The doctor's report of the pool as the run leaves it, from the doctor's own source: on
    // cognate its records too, against AWS the list of what it cannot know.
    try {
      const d = await c.doctor(run);
      doctor = d.report;
      steps.print(`\n${d.text}`);
    } catch (e) {
      steps.print(`\nthe doctor could not run: ${errorText(e)}\n`);
    }
  } catch (e) {
    error = run.refused(e);
  } finally {
    run.close();
  }
  const outcome = c.outcome(result, steps);
  steps.print(`\n${c.summary(outcome, steps)}\n`);
  if (c.line.json) {
    const { account = null, ...fields } = c.fields(result);
    const report: SetupReport<Outcome, Doctor> & Record<string, unknown> = {
      command: c.command,
      pool,
      region,
      account,
      endpoint: access.endpoint ?? null,
      dryRun,
      outcome,
      ...fields,
      steps: steps.records,
      calls: run.calls,
      doctor: doctor ?? null,
      error,
    };
    out(`${JSON.stringify(report, null, 2)}\n`);
  }
  return { outcome, doctor };
}
