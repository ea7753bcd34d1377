// GET /_cognate/triggers/<poolId>: the pool's last trigger invocations (newest first: when, which
// trigger and source, which function, how long, the exception Cognito answered with) and, for
// each LambdaConfig member, the function it names and whether cognate invokes it yet. Read by
// `cognate doctor triggers` and by people.
import { OperatorError, sendJson, type Route } from '../../../kernel/route.js';
import type { Deps } from '../../context.js';
import { TRIGGERS, triggerArn, type Trigger } from './sources.js';
import { readTrace } from './trace.js';
import type { PoolConfig } from '../pools/config.js';

const PATH = /^\/_cognate\/triggers\/([\w-]+)$/;

export function triggerTraceRoute(deps: Deps): Route {
  return {
    method: 'GET',
    path: PATH,
    async handle(_req, res, url) {
      const [, poolId] = PATH.exec(url.pathname)!;
      const row = await deps.store.db
        .selectFrom('user_pools')
        .select(['id', 'config'])
        .where('id', '=', poolId)
        .executeTakeFirst();
      if (!row) throw new OperatorError(404, 'not_found', `No user pool ${poolId}.`);
      const config = JSON.parse(row.config) as PoolConfig;
      const pool = { config } as Parameters<typeof triggerArn>[0];
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 50) || 50, 200);
      sendJson(res, 200, {
        poolId,
        triggers: Object.entries(TRIGGERS)
          .map(([name, t]) => ({ trigger: name, functionArn: triggerArn(pool, name as Trigger), invoked: t.built }))
          .filter((t) => t.functionArn),
        invocations: await readTrace(deps.store, poolId, limit),
      });
    },
  };
}
