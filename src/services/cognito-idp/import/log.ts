// What an import job says of each line. AWS writes one event per user to CloudWatch Logs, in the log
// group `/aws/cognito/userpools/<poolId>/<poolName>`, stream `<jobId>/<jobName>`, "by line number.
// No user data is written to the log" (developer guide, "Viewing the user pool import results in
// the CloudWatch console"):
//   [SUCCEEDED] Line Number 5956 - The import succeeded.
//   [SKIPPED] Line Number 5956 - The user already exists.
//   [FAILED] Line Number 5956 - <why>
// cognate writes every line's event there too, into its own CloudWatch Logs (the pool's account and
// Region; the group and the stream made when missing, as the job's role may: its policy in the guide
// grants logs:CreateLogGroup and logs:CreateLogStream), in the transaction of the batch the lines
// belong to, so `aws logs filter-log-events` shows what a committed batch did and nothing of one
// rolled back. The SKIPPED and FAILED lines are also kept in `user_import_errors`, served at
// GET /_cognate/user-import/<poolId>/<jobId>/log in the same words.
import { appendLogEvents } from '../../../store/log-events.js';
import type { Tx } from '../../../store/store.js';

export type Outcome = 'SUCCEEDED' | 'SKIPPED' | 'FAILED';

export const SUCCEEDED_TEXT = 'The import succeeded.';
export const EXISTS_TEXT = 'The user already exists.';

export const logGroupName = (poolId: string, poolName: string) => `/aws/cognito/userpools/${poolId}/${poolName}`;
export const logStreamName = (jobId: string, jobName: string) => `${jobId}/${jobName}`;
export const logLine = (outcome: Outcome, line: number, message: string) =>
  `[${outcome}] Line Number ${line} - ${message}`;

export interface LineOutcome {
  line: number;
  outcome: Exclude<Outcome, 'SUCCEEDED'>;
  message: string;
}

/** Writes a batch's skipped and failed lines in the batch's own transaction. */
export async function writeOutcomes(trx: Tx, jobId: string, poolId: string, outcomes: LineOutcome[]): Promise<void> {
  for (let i = 0; i < outcomes.length; i += 500) {
    await trx
      .insertInto('user_import_errors')
      .values(
        outcomes
          .slice(i, i + 500)
          .map((o) => ({ job_id: jobId, pool_id: poolId, line: o.line, outcome: o.outcome, message: o.message })),
      )
      .execute();
  }
}

/**
 * Writes a batch's events, one per line in line order (`outcomes` the refused lines, `succeeded` the
 * imported ones), to the job's stream in the pool's account and Region, in the batch's transaction.
 */
export async function writeJobLog(
  trx: Tx,
  pool: { id: string; name: string; account: string; region: string },
  job: { job_id: string; name: string },
  outcomes: LineOutcome[],
  succeeded: number[],
  now: number,
): Promise<void> {
  const events = [
    ...outcomes.map((o) => ({ line: o.line, message: logLine(o.outcome, o.line, o.message) })),
    ...succeeded.map((line) => ({ line, message: logLine('SUCCEEDED', line, SUCCEEDED_TEXT) })),
  ].sort((a, b) => a.line - b.line);
  if (events.length === 0) return;
  const to = {
    account: pool.account,
    region: pool.region,
    group: logGroupName(pool.id, pool.name),
    stream: logStreamName(job.job_id, job.name),
    createGroup: true,
    createStream: true,
  };
  // One INSERT per 4,000 events (8 columns each: under SQLite's 32,766 parameters).
  for (let i = 0; i < events.length; i += 4000)
    await appendLogEvents(
      trx,
      to,
      events.slice(i, i + 4000).map((e) => ({ timestamp: now, message: e.message })),
      now,
    );
}
