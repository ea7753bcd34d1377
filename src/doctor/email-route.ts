// GET /_cognate/doctor/email?pool=<id>[&recipient=<address>...][&format=text]: the report of
// `cognate doctor email`, made by cognate from its own store through the same operations the
// AWS APIs run (DescribeUserPool, SES v2 GetEmailIdentity and GetAccount), as the pool's account.
import { OperatorError, sendJson, type Route } from '../kernel/route.js';
import type { Deps, Operation } from '../services/context.js';
import type { RequestContext, Validated } from '../kernel/operation.js';
import { AwsError } from '../kernel/errors.js';
import { getPoolById } from '../services/cognito-idp/pools/store.js';
import { defaultEmailScope } from '../services/cognito-idp/messages/default-sender.js';
import { quotaUsed } from '../store/quota.js';
import { emailReport, formatReport, type EmailDoctorSource, type MessageView } from './email-report.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

function storeSource(deps: Deps, ctx: RequestContext): EmailDoctorSource {
  const as = (account: string, region: string, service: string): RequestContext => ({
    ...ctx,
    requestId: ctx.requestId,
    log: ctx.log,
    caller: { account, region, service, accessKey: account },
  });
  const run = async <I, O>(
    load: () => Promise<{ default: Operation<I, O> }>,
    c: RequestContext,
    input: Validated<I>,
  ): Promise<O | undefined> => {
    try {
      return await (await load()).default(deps, c, input);
    } catch (e) {
      if (e instanceof AwsError && (e.status === 404 || e.code === 'ResourceNotFoundException')) return undefined;
      throw e;
    }
  };
  return {
    async describeUserPool(poolId) {
      const pool = await getPoolById(deps.store.db, poolId);
      if (!pool) return undefined;
      const out = await run(
        () => import('../services/cognito-idp/operations/DescribeUserPool.js'),
        as(pool.account, pool.region, 'cognito-idp'),
        { UserPoolId: poolId },
      );
      return out?.UserPool;
    },
    getEmailIdentity: (account, region, identity) =>
      run(() => import('../services/sesv2/operations/GetEmailIdentity.js'), as(account, region, 'ses'), {
        EmailIdentity: identity,
      }),
    async getAccount(account, region) {
      return (await run(() => import('../services/sesv2/operations/GetAccount.js'), as(account, region, 'ses'), {}))!;
    },
    defaultEmailQuota: async (account, region) => ({
      used: await quotaUsed(
        deps.store.db,
        defaultEmailScope(account, region),
        new Date(deps.now()).toISOString().slice(0, 10),
      ),
      limit: deps.config.defaultEmailDailyQuota,
    }),
    async messages(poolId, opts) {
      let q = deps.store.db
        .selectFrom('messages')
        .select(['id', 'channel', 'destination', 'sender', 'status', 'last_error', 'created_at'])
        .where('pool_id', '=', poolId);
      if (opts.status) q = q.where('status', '=', opts.status);
      if (opts.channel === 'email' || opts.channel === 'sms') q = q.where('channel', '=', opts.channel);
      const rows = await q.orderBy('created_at', 'desc').orderBy('id').limit(opts.limit).execute();
      return rows.map(
        (r): MessageView => ({
          id: r.id,
          channel: r.channel,
          destination: r.destination,
          sender: r.sender,
          status: r.status,
          lastError: r.last_error,
          createdAt: iso(r.created_at),
        }),
      );
    },
  };
}

export function doctorEmailRoute(deps: Deps): Route {
  return {
    method: 'GET',
    path: '/_cognate/doctor/email',
    async handle(_req, res, url, _body, ctx) {
      const pool = url.searchParams.get('pool');
      if (!pool)
        throw new OperatorError(400, 'bad_request', 'pool is required: /_cognate/doctor/email?pool=<user pool id>');
      const report = await emailReport(storeSource(deps, ctx), pool, {
        recipients: url.searchParams.getAll('recipient'),
      });
      // A pool not found is still a report (its verdict says so), answered as 404.
      const status = report.verdict === 'pool not found' ? 404 : 200;
      if (url.searchParams.get('format') !== 'text') return sendJson(res, status, report);
      const text = formatReport(report);
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
    },
  };
}
