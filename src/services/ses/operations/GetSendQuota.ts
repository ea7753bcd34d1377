import type { GetSendQuotaResponse } from '@aws-sdk/client-ses';
import type { Operation } from '../../context.js';
import { getAccount, sentLast24Hours } from '../account.js';
import { double, scopeOf } from '../service.js';

/** A sandbox account: `200.0`, `1.0` (recorded); out of the sandbox, the production quota. */
const GetSendQuota: Operation<void, GetSendQuotaResponse> = async (deps, ctx) => {
  const scope = scopeOf(ctx);
  const account = await getAccount(deps.store.db, scope, deps.config);
  return {
    SentLast24Hours: double(await sentLast24Hours(deps.store.db, scope, deps.now())),
    Max24HourSend: double(account.quota.max24HourSend),
    MaxSendRate: double(account.quota.maxSendRate),
  };
};
export default GetSendQuota;
