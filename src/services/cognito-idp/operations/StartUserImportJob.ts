import type { StartUserImportJobRequest, StartUserImportJobResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { PreconditionNotMetException } from '../../../generated/cognito-idp/errors.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { getJob, jobType, moveJob } from '../import/jobs.js';
import { wakeImportRunner } from '../import/runner.js';

/**
 * Created → Pending; a runner of any instance takes it from there (import/runner.ts). AWS's texts
 * for the refusals below are not on record: cognate's words. "If the user pool has no auto-verified
 * attributes, the import job will not start" (developer guide, "Formatting the .csv file").
 */
const StartUserImportJob: Operation<StartUserImportJobRequest, StartUserImportJobResponse> = async (
  deps,
  ctx,
  input,
) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const job = await getJob(deps.store.db, pool.id, input.JobId);
  if (job.status !== 'Created')
    throw new PreconditionNotMetException(`Import job ${job.job_id} cannot be started: its status is ${job.status}.`);
  if (job.upload_id === null)
    throw new PreconditionNotMetException(
      `Import job ${job.job_id} cannot be started: no CSV file has been uploaded to its pre-signed URL.`,
    );
  if (!(pool.config.AutoVerifiedAttributes ?? []).length)
    throw new PreconditionNotMetException(
      'Import job cannot be started: the user pool has no auto-verified attributes (email or phone_number).',
    );
  const now = deps.now();
  if (!(await moveJob(deps.store.db, job.job_id, ['Created'], 'Pending', { started_at: now }))) {
    const current = await getJob(deps.store.db, pool.id, input.JobId);
    throw new PreconditionNotMetException(
      `Import job ${job.job_id} cannot be started: its status is ${current.status}.`,
    );
  }
  wakeImportRunner(deps.store);
  return { UserImportJob: jobType(deps, { ...job, status: 'Pending', started_at: now }) };
};
export default StartUserImportJob;
