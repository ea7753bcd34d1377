// What an import job says of each line. AWS writes one event per user to CloudWatch Logs, in the log
// group `/aws/cognito/userpools/<poolId>/<poolName>`, stream `<jobId>/<jobName>`, "by line number.
// No user data is written to the log" (developer guide, "Viewing the user pool import results"):
//   [SUCCEEDED] Line Number 5956 - The import succeeded.
//   [SKIPPED] Line Number 5956 - The user already exists.
//   [FAILED] Line Number 5956 - <why>
// cognate keeps the SKIPPED and FAILED lines in `user_import_errors` (committed with the batch they
// belong to) and serves them at GET /_cognate/user-import/<poolId>/<jobId>/log in these words.
// Hook: where cognate's CloudWatch Logs subset exists, `ImportLog.write` is the one place that
// would put each line (SUCCEEDED ones included) into that group and stream; until then it is the
// store table alone.
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
