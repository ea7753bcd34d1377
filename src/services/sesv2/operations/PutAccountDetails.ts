import type { PutAccountDetailsRequest, PutAccountDetailsResponse } from '@aws-sdk/client-sesv2';
import type { Operation } from '../../context.js';
import { putAccountDetails } from '../../ses/account.js';
import { scopeOf } from '../wire.js';

/**
 * The production access request. Sent without ProductionAccessEnabled it still asks for production
 * access (it is the request form the console fills in); `false` only updates the details.
 */
const PutAccountDetails: Operation<PutAccountDetailsRequest, PutAccountDetailsResponse> = async (deps, ctx, input) => {
  const { ProductionAccessEnabled, ...details } = input;
  await putAccountDetails(
    deps.store,
    scopeOf(ctx),
    details as never,
    ProductionAccessEnabled !== false,
    deps.config,
    deps.now(),
  );
  return {};
};
export default PutAccountDetails;
