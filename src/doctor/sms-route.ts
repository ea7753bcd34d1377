// GET /_cognate/doctor/sms?pool=<id>&account=<account>: `cognate doctor sms --json` over HTTP. The
// server asks itself through its own public APIs with the AWS SDK, exactly as the command does,
// signed as `account` (a 12-digit key is that account on cognate). The report's module, and with
// it the SDK, loads on the first request, so the server's start-up never loads the SDK.
import { OperatorError, sendJson, type Route } from '../kernel/route.js';
import type { Deps } from '../services/context.js';
import { cognateFactsAt } from './cognate-facts.js';
import { errorText, isNotFound, isServiceError } from './sdk-errors.js';

export function smsDoctorRoute(deps: Deps): Route {
  return {
    method: 'GET',
    path: '/_cognate/doctor/sms',
    async handle(req, res, url) {
      const pool = url.searchParams.get('pool');
      const account = url.searchParams.get('account') ?? deps.config.defaultAccount;
      if (!pool || !/^[\w-]+_[0-9a-zA-Z]+$/.test(pool))
        throw new OperatorError(400, 'bad_request', 'pool must name a user pool id');
      if (!/^\d{12}$/.test(account)) throw new OperatorError(400, 'bad_request', 'account must be 12 digits');
      const { localAddress, localPort } = req.socket;
      const host = localAddress?.includes(':') ? `[${localAddress}]` : localAddress;
      const self = `http://${host}:${localPort}`;
      const { diagnoseSms } = await import('./sms-report.js');
      try {
        const access = { endpoint: self, credentials: { accessKeyId: account, secretAccessKey: 'cognate' } };
        sendJson(res, 200, await diagnoseSms(access, pool, { facts: cognateFactsAt(self) }));
      } catch (e) {
        if (!isServiceError(e)) throw e;
        // What the server's own AWS API said about the pool (no such pool, no access), in its words.
        const missing = isNotFound(e);
        throw new OperatorError(missing ? 404 : 400, missing ? 'not_found' : 'bad_request', errorText(e));
      }
    },
  };
}
