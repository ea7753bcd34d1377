// Import jobs in the store and as the API shows them (UserImportJobType). A job's life:
// Created (CreateUserImportJob) → Pending (StartUserImportJob) → InProgress (claimed by a runner,
// ./runner.ts) → Succeeded | Failed, or → Stopping → Stopped (StopUserImportJob); a Created job
// never started turns Expired. Statuses and their meanings: developer guide, "Status values for a
// user import job". Every change of status is one conditional UPDATE on the status it expects, so
// concurrent callers and runners on any instance agree on one outcome.
import type { UserImportJobType } from '@aws-sdk/client-cognito-identity-provider';
import { ResourceNotFoundException } from '../../../generated/cognito-idp/errors.js';
import type { Db, Tx } from '../../../store/store.js';
import type { UserImportJobRow } from '../../../store/tables/cognito-idp-import.js';
import type { Deps } from '../../context.js';
import { pageToken } from '../caller.js';
import { presignedUrl } from './url.js';

export type JobStatus =
  | 'Created'
  | 'Pending'
  | 'InProgress'
  | 'Stopping'
  | 'Stopped'
  | 'Succeeded'
  | 'Failed'
  | 'Expired';

/** AWS's text for a job stopped by StopUserImportJob (developer guide, "Stopping a user import job"). */
export const STOPPED_MESSAGE = 'The Import Job was stopped by the developer.';

// AWS's text for a job id the pool does not have is not on record: cognate's words.
export const noSuchJob = (jobId: string) => new ResourceNotFoundException(`Import job ${jobId} does not exist.`);

export async function getJob(db: Db | Tx, poolId: string, jobId: string): Promise<UserImportJobRow> {
  const row = await db
    .selectFrom('user_import_jobs')
    .selectAll()
    .where('pool_id', '=', poolId)
    .where('job_id', '=', jobId)
    .executeTakeFirst();
  if (!row) throw noSuchJob(jobId);
  return row;
}

export function jobType(deps: Pick<Deps, 'publicUrl' | 'serverKey'>, r: UserImportJobRow): UserImportJobType {
  return {
    JobName: r.name,
    JobId: r.job_id,
    UserPoolId: r.pool_id,
    PreSignedUrl: presignedUrl(deps.publicUrl, deps.serverKey, r.pool_id, r.job_id, r.created_at),
    CreationDate: new Date(r.created_at),
    ...(r.started_at !== null ? { StartDate: new Date(r.started_at) } : {}),
    ...(r.completed_at !== null ? { CompletionDate: new Date(r.completed_at) } : {}),
    Status: r.status as JobStatus,
    CloudWatchLogsRoleArn: r.role_arn,
    ImportedUsers: r.imported,
    SkippedUsers: r.skipped,
    FailedUsers: r.failed,
    ...(r.completion_message !== null ? { CompletionMessage: r.completion_message } : {}),
    ...(r.hashing_algorithm !== null ? { PasswordHashingAlgorithm: r.hashing_algorithm as 'BCRYPT' } : {}),
  };
}

export const jobsScope = (poolId: string) => `import-jobs ${poolId}`;

/** A pool's jobs, newest first ("Jobs are listed in chronological order from last created to first created"). */
export async function listJobs(
  db: Db,
  poolId: string,
  after: string[] | undefined,
  limit: number,
): Promise<{ items: UserImportJobRow[]; next?: string }> {
  let q = db.selectFrom('user_import_jobs').selectAll().where('pool_id', '=', poolId);
  if (after) {
    const [at, id] = [Number(after[0]), after[1]];
    q = q.where((eb) => eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('job_id', '<', id)])]));
  }
  const rows = await q
    .orderBy('created_at', 'desc')
    .orderBy('job_id', 'desc')
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return rows.length > limit && last
    ? { items, next: pageToken(jobsScope(poolId), [String(last.created_at), last.job_id]) }
    : { items };
}

/**
 * Moves a job from one of `from` to `to` with `set`, only if its status is still one of them;
 * returns whether it moved.
 */
export async function moveJob(
  db: Db | Tx,
  jobId: string,
  from: JobStatus[],
  to: JobStatus,
  set: Partial<UserImportJobRow> = {},
): Promise<boolean> {
  const r = await db
    .updateTable('user_import_jobs')
    .set({ ...set, status: to })
    .where('job_id', '=', jobId)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
