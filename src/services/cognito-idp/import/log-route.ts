// GET /_cognate/user-import/<poolId>/<jobId>/log: the job's skipped and failed lines in the words
// AWS writes them to the job's CloudWatch Logs stream (./log.ts), until cognate delivers them there.
import { OperatorError, sendJson, type Route } from '../../../kernel/route.js';
import type { Deps } from '../../context.js';
import { logGroupName, logLine, logStreamName, type Outcome } from './log.js';

const PATH = /^\/_cognate\/user-import\/([\w-]+)\/(import-[0-9a-zA-Z-]+)\/log$/;

export function importLogRoute(deps: Deps): Route {
  return {
    method: 'GET',
    path: PATH,
    async handle(_req, res, url) {
      const [, poolId, jobId] = PATH.exec(url.pathname)!;
      const db = deps.store.db;
      const job = await db
        .selectFrom('user_import_jobs as j')
        .innerJoin('user_pools as p', 'p.id', 'j.pool_id')
        .select(['j.name as jobName', 'p.name as poolName'])
        .where('j.job_id', '=', jobId)
        .where('j.pool_id', '=', poolId)
        .executeTakeFirst();
      if (!job) throw new OperatorError(404, 'not_found', `No import job ${jobId} in user pool ${poolId}.`);
      const rows = await db
        .selectFrom('user_import_errors')
        .select(['line', 'outcome', 'message'])
        .where('job_id', '=', jobId)
        .orderBy('line')
        .execute();
      sendJson(res, 200, {
        logGroupName: logGroupName(poolId, job.poolName),
        logStreamName: logStreamName(jobId, job.jobName),
        events: rows.map((r) => ({ message: logLine(r.outcome as Outcome, r.line, r.message) })),
      });
    },
  };
}
