// GET /_cognate/doctor/sms?pool=<id>&account=<account>: `cognate doctor sms --json` over HTTP. The
// server asks itself through its own public APIs, exactly as the command does.
import type { ServerResponse } from 'node:http';
import type { Route } from '../kernel/route.js';
import type { Deps } from '../services/context.js';
import { AwsClient, ApiError } from './aws-client.js';
import { diagnoseSms } from './sms-report.js';

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function smsDoctorRoute(deps: Deps): Route {
  return {
    method: 'GET', path: '/_cognate/doctor/sms',
    async handle(req, res, url) {
      const pool = url.searchParams.get('pool');
      const account = url.searchParams.get('account') ?? deps.config.defaultAccount;
      if (!pool || !/^[\w-]+_[0-9a-zA-Z]+$/.test(pool)) return json(res, 400, { error: 'pool must name a user pool id' });
      if (!/^\d{12}$/.test(account)) return json(res, 400, { error: 'account must be 12 digits' });
      const { localAddress, localPort } = req.socket;
      const host = localAddress?.includes(':') ? `[${localAddress}]` : localAddress;
      try {
        json(res, 200, await diagnoseSms(new AwsClient(`http://${host}:${localPort}`, { accessKeyId: account, secretAccessKey: 'cognate' }), pool));
      } catch (e) {
        if (e instanceof ApiError) return json(res, e.status === 404 || e.code === 'ResourceNotFoundException' ? 404 : 400, { error: `${e.code}: ${e.message}` });
        throw e;
      }
    },
  };
}
