// GET /_cognate/doctor/triggers?pool=<id>&account=<account>: `cognate doctor triggers --json` over
// HTTP, asked of the server's own public APIs with the AWS SDK as the command asks them.
import { OperatorError, sendJson, type Route } from '../kernel/route.js';
import type { Deps } from '../services/context.js';
import { cognateFactsAt } from './cognate-facts.js';
import { errorText, isNotFound, isServiceError } from './sdk-errors.js';

export function triggersDoctorRoute(deps: Deps): Route {
  return {
    method: 'GET',
    path: '/_cognate/doctor/triggers',
    async handle(req, res, url) {
      const pool = url.searchParams.get('pool');
      const account = url.searchParams.get('account') ?? deps.config.defaultAccount;
      if (!pool || !/^[\w-]+_[0-9a-zA-Z]+$/.test(pool))
        throw new OperatorError(400, 'bad_request', 'pool must name a user pool id');
      if (!/^\d{12}$/.test(account)) throw new OperatorError(400, 'bad_request', 'account must be 12 digits');
      const { localAddress, localPort } = req.socket;
      const host = localAddress?.includes(':') ? `[${localAddress}]` : localAddress;
      const self = `http://${host}:${localPort}`;
      const { diagnoseTriggers } = await import('./triggers-report.js');
      try {
        const access = { endpoint: self, credentials: { accessKeyId: account, secretAccessKey: 'cognate' } };
        sendJson(res, 200, await diagnoseTriggers(access, pool, { facts: cognateFactsAt(self) }));
      } catch (e) {
        if (!isServiceError(e)) throw e;
        const missing = isNotFound(e);
        throw new OperatorError(missing ? 404 : 400, missing ? 'not_found' : 'bad_request', errorText(e));
      }
    },
  };
}
