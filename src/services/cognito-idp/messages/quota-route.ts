// GET /_cognate/quotas/cognito-default-email?account=&region=: how much of Cognito's default sender's
// daily quota an account and Region have used today (the email doctor reads it).
import { OperatorError, sendJson, type Route } from '../../../kernel/route.js';
import type { Store } from '../../../store/store.js';
import { quotaUsed } from '../../../store/quota.js';
import { defaultEmailScope } from './default-sender.js';

/**
 * Cognito's default sender counts every email of an account and Region against one daily quota;
 * no AWS API shows how much of it is used, so cognate does (the email doctor reads it).
 */
export function defaultEmailQuotaRoute(store: Store, limit: number, now: () => number): Route {
  return {
    method: 'GET',
    path: '/_cognate/quotas/cognito-default-email',
    async handle(_req, res, url) {
      const account = url.searchParams.get('account');
      const region = url.searchParams.get('region');
      if (!account || !region) throw new OperatorError(400, 'bad_request', 'account and region are required');
      const day = new Date(now()).toISOString().slice(0, 10);
      sendJson(res, 200, {
        account,
        region,
        day,
        used: await quotaUsed(store.db, defaultEmailScope(account, region), day),
        limit,
      });
    },
  };
}
