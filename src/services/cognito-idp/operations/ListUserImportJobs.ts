import type { ListUserImportJobsRequest, ListUserImportJobsResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf, pagePosition } from '../caller.js';
import { getPool } from '../pools/store.js';
import { jobsScope, jobType, listJobs } from '../import/jobs.js';

const ListUserImportJobs: Operation<ListUserImportJobsRequest, ListUserImportJobsResponse> = async (
  deps,
  ctx,
  input,
) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const after = pagePosition(input.PaginationToken, jobsScope(pool.id), 2, ctx.requestId);
  const page = await listJobs(deps.store.db, pool.id, after, input.MaxResults);
  return {
    UserImportJobs: page.items.map((r) => jobType(deps, r)),
    ...(page.next ? { PaginationToken: page.next } : {}),
  };
};
export default ListUserImportJobs;
