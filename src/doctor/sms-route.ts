// GET /_cognate/doctor/sms?pool=<id>&account=<account>: `cognate doctor sms --json` over HTTP. The
// server asks itself through its own public APIs, exactly as the command does.
import { OperatorError, sendJson, type Route } from '../kernel/route.js';
import type { Deps } from '../services/context.js';
import { AwsClient, ApiError } from './aws-client.js';
import { diagnoseSms } from './sms-report.js';

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
      try {
        sendJson(
          res,
          200,
          await diagnoseSms(
            new AwsClient(`http://${host}:${localPort}`, { accessKeyId: account, secretAccessKey: 'cognate' }),
            pool,
          ),
        );
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        // What the server's own AWS API said about the pool (no such pool, no access), in its words.
        const missing = e.status === 404 || e.code === 'ResourceNotFoundException';
        throw new OperatorError(missing ? 404 : 400, missing ? 'not_found' : 'bad_request', `${e.code}: ${e.message}`);
      }
    },
  };
}
