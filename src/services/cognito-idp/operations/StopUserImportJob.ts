import type { StopUserImportJobRequest, StopUserImportJobResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { PreconditionNotMetException } from '../../../generated/cognito-idp/errors.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { getJob, jobType, moveJob, STOPPED_MESSAGE } from '../import/jobs.js';

/**
 * A job not yet claimed by a runner (Pending) is Stopped at once, as AWS's sample answers Stopped
 * (developer guide, "Stopping a user import job"); a running one turns Stopping, and its runner
 * rolls back the batch it is on and makes it Stopped. "After you stop the job, it cannot be
 * restarted." AWS's text for a job that is not running is not on record: cognate's words.
 */
const StopUserImportJob: Operation<StopUserImportJobRequest, StopUserImportJobResponse> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const db = deps.store.db;
  // A status only moves forward (Pending → InProgress → an end), so a move lost to a runner is
  // tried again on the status it found, at most once per step.
  for (;;) {
    const job = await getJob(db, pool.id, input.JobId);
    if (job.status === 'Pending') {
      const stopped = {
        completed_at: deps.now(),
        completion_message: STOPPED_MESSAGE,
        runner: null,
        lease_until: null,
      };
      if (await moveJob(db, job.job_id, ['Pending'], 'Stopped', stopped)) {
        await db.deleteFrom('user_import_chunks').where('job_id', '=', job.job_id).execute();
        return { UserImportJob: jobType(deps, { ...job, status: 'Stopped', ...stopped }) };
      }
    } else if (job.status === 'InProgress') {
      if (await moveJob(db, job.job_id, ['InProgress'], 'Stopping'))
        return { UserImportJob: jobType(deps, { ...job, status: 'Stopping' }) };
    } else
      throw new PreconditionNotMetException(`Import job ${job.job_id} cannot be stopped: its status is ${job.status}.`);
  }
};
export default StopUserImportJob;
