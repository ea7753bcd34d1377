import type {
  CreateUserImportJobRequest,
  CreateUserImportJobResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { newImportJobId } from '../import/ids.js';
import { jobType } from '../import/jobs.js';

/**
 * A job in status Created, with the URL its CSV is PUT to. The CloudWatch Logs role is checked
 * when the job runs, as AWS fails a job whose role "cannot be assumed, doesn't have the correct
 * access policy, or has been deleted" (developer guide, "Interpreting the results").
 */
const CreateUserImportJob: Operation<CreateUserImportJobRequest, CreateUserImportJobResponse> = async (
  deps,
  ctx,
  input,
) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const row = {
    job_id: newImportJobId(),
    pool_id: pool.id,
    account: pool.account,
    region: pool.region,
    name: input.JobName,
    role_arn: input.CloudWatchLogsRoleArn,
    hashing_algorithm: input.PasswordHashingAlgorithm ?? null,
    status: 'Created',
    created_at: deps.now(),
    started_at: null,
    completed_at: null,
    completion_message: null,
    imported: 0,
    skipped: 0,
    failed: 0,
    upload_id: null,
    upload_bytes: null,
    lines_done: 0,
    runner: null,
    lease_until: null,
  };
  await deps.store.db.insertInto('user_import_jobs').values(row).execute();
  return { UserImportJob: jobType(deps, row) };
};
export default CreateUserImportJob;
