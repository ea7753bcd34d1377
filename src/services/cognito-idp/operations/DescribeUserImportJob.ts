import type {
  DescribeUserImportJobRequest,
  DescribeUserImportJobResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { getJob, jobType } from '../import/jobs.js';

const DescribeUserImportJob: Operation<DescribeUserImportJobRequest, DescribeUserImportJobResponse> = async (
  deps,
  ctx,
  input,
) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  return { UserImportJob: jobType(deps, await getJob(deps.store.db, pool.id, input.JobId)) };
};
export default DescribeUserImportJob;
