import type {
  GetProvisionedLimitRequest,
  GetProvisionedLimitResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { categoryOf, FREE_RPS } from '../pools/provisioned-limits.js';

const GetProvisionedLimit: Operation<GetProvisionedLimitRequest, GetProvisionedLimitResponse> = async (
  deps,
  ctx,
  input,
) => {
  const caller = callerOf(ctx);
  const category = categoryOf(input.LimitDefinition);
  const row = await deps.store.db
    .selectFrom('provisioned_limits')
    .select('value')
    .where('account', '=', caller.account)
    .where('region', '=', caller.region)
    .where('category', '=', category)
    .executeTakeFirst();
  return {
    Limit: {
      LimitDefinition: { LimitClass: 'API_CATEGORY', Attributes: { Category: category } },
      ProvisionedLimitValue: row?.value ?? FREE_RPS[category],
      FreeLimitValue: FREE_RPS[category],
    },
  };
};
export default GetProvisionedLimit;
