import type {
  UpdateProvisionedLimitRequest,
  UpdateProvisionedLimitResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { InvalidParameterException, ServiceQuotaExceededException } from '../../../generated/cognito-idp/errors.js';
import { callerOf } from '../caller.js';
import { ADJUSTABLE, categoryOf, FREE_RPS, MAX_FACTOR } from '../pools/provisioned-limits.js';
import { limitSet } from '../pools/throttle.js';

const UpdateProvisionedLimit: Operation<UpdateProvisionedLimitRequest, UpdateProvisionedLimitResponse> = async (
  deps,
  ctx,
  input,
) => {
  const caller = callerOf(ctx);
  const category = categoryOf(input.LimitDefinition);
  const free = FREE_RPS[category];
  const value = input.RequestedLimitValue;
  // The texts are cognate's (provisioned-limits.ts).
  if (!ADJUSTABLE.has(category)) throw new InvalidParameterException(`The ${category} category cannot be adjusted.`);
  if (value < free)
    throw new InvalidParameterException(`RequestedLimitValue must be at least the free limit of ${category}, ${free}.`);
  if (value > free * MAX_FACTOR)
    throw new ServiceQuotaExceededException(
      `RequestedLimitValue exceeds the account's maximum for ${category}, ${free * MAX_FACTOR}.`,
    );
  const now = deps.now();
  await deps.store.db
    .insertInto('provisioned_limits')
    .values({ account: caller.account, region: caller.region, category, value, updated_at: now })
    .onConflict((oc) => oc.columns(['account', 'region', 'category']).doUpdateSet({ value, updated_at: now }))
    .execute();
  limitSet(deps.store.db, caller.account, caller.region, category, value);
  return {
    Limit: {
      LimitDefinition: { LimitClass: 'API_CATEGORY', Attributes: { Category: category } },
      ProvisionedLimitValue: value,
      FreeLimitValue: free,
    },
  };
};
export default UpdateProvisionedLimit;
