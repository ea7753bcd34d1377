// GET /_cognate/doctor/<name>?pool=<id>&account=<account>: `cognate doctor <name> --json` over
// HTTP, for the doctors of one user pool (sms, triggers). The server asks itself through its own
// public APIs with the AWS SDK, exactly as the command does, signed as `account` (a 12-digit key is
// that account on cognate). The report's module, and with it the SDK, loads on the first request, so
// the server's start-up never loads the SDK.
import { OperatorError, sendJson, type Route } from '../kernel/route.js';
import type { Deps } from '../services/context.js';
import type { AwsAccess } from './clients.js';
import { cognateFactsAt, type CognateReach } from './cognate-facts.js';
import { errorText, isNotFound, isServiceError } from './sdk-errors.js';

/** A pool doctor's report, as its module makes it (sms-report.ts, triggers-report.ts). */
export type PoolDiagnosis = (access: AwsAccess, poolId: string, reach: CognateReach) => Promise<unknown>;

export function poolDoctorRoute(deps: Deps, name: string, load: () => Promise<PoolDiagnosis>): Route {
  return {
    method: 'GET',
    path: `/_cognate/doctor/${name}`,
    async handle(req, res, url) {
      const pool = url.searchParams.get('pool');
      const account = url.searchParams.get('account') ?? deps.config.defaultAccount;
      if (!pool || !/^[\w-]+_[0-9a-zA-Z]+$/.test(pool))
        throw new OperatorError(400, 'bad_request', 'pool must name a user pool id');
      if (!/^\d{12}$/.test(account)) throw new OperatorError(400, 'bad_request', 'account must be 12 digits');
      const { localAddress, localPort } = req.socket;
      const host = localAddress?.includes(':') ? `[${localAddress}]` : localAddress;
      const self = `http://${host}:${localPort}`;
      const diagnose = await load();
      try {
        const access = { endpoint: self, credentials: { accessKeyId: account, secretAccessKey: 'cognate' } };
        sendJson(res, 200, await diagnose(access, pool, { facts: cognateFactsAt(self) }));
      } catch (e) {
        if (!isServiceError(e)) throw e;
        // What the server's own AWS API said about the pool (no such pool, no access), in its words.
        const missing = isNotFound(e);
        throw new OperatorError(missing ? 404 : 400, missing ? 'not_found' : 'bad_request', errorText(e));
      }
    },
  };
}

/** The pool doctors' routes: `/_cognate/doctor/sms` and `/_cognate/doctor/triggers`. */
export const poolDoctorRoutes = (deps: Deps): Route[] => [
  poolDoctorRoute(deps, 'sms', async () => (await import('./sms-report.js')).diagnoseSms),
  poolDoctorRoute(deps, 'triggers', async () => (await import('./triggers-report.js')).diagnoseTriggers),
];
