import type { GetAccountRequest, GetAccountResponse } from '@aws-sdk/client-sesv2';
import type { Operation } from '../../context.js';
import { getAccount, sentLast24Hours } from '../../ses/account.js';
import { scopeOf } from '../wire.js';

/**
 * The members and their order follow a recorded answer (department-of-veterans-affairs/notification-api#356);
 * a sandbox account reports ProductionAccessEnabled false, SendingEnabled true, HEALTHY, 200/1.
 */
const GetAccount: Operation<GetAccountRequest, GetAccountResponse> = async (deps, ctx) => {
  const scope = scopeOf(ctx);
  const account = await getAccount(deps.store.db, scope, deps.config);
  return {
    DedicatedIpAutoWarmupEnabled: false,
    EnforcementStatus: 'HEALTHY',
    ProductionAccessEnabled: account.production,
    SendQuota: {
      Max24HourSend: account.quota.max24HourSend,
      MaxSendRate: account.quota.maxSendRate,
      SentLast24Hours: await sentLast24Hours(deps.store.db, scope, deps.now()),
    },
    SendingEnabled: true,
    SuppressionAttributes: { SuppressedReasons: [] },
    ...(account.details
      ? {
          Details: {
            ...account.details,
            ...(account.review
              ? { ReviewDetails: { Status: account.review.status, CaseId: account.review.caseId } }
              : {}),
          } as GetAccountResponse['Details'],
        }
      : {}),
  };
};
export default GetAccount;
