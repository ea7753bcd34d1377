import type { GetEmailIdentityRequest, GetEmailIdentityResponse } from '@aws-sdk/client-sesv2';
import type { Operation } from '../../context.js';
import { getIdentity } from '../../ses/identities.js';
import { recheckPendingDomains } from '../../ses/domain-check.js';
import { describeIdentity, notFound, scopeOf } from '../wire.js';

const GetEmailIdentity: Operation<GetEmailIdentityRequest, GetEmailIdentityResponse> = async (deps, ctx, input) => {
  const identity = await getIdentity(deps.store.db, scopeOf(ctx), input.EmailIdentity, deps.now());
  if (!identity) throw notFound(input.EmailIdentity);
  // A pending domain is looked up again in the background, as SES keeps looking (domain-check.ts).
  recheckPendingDomains(deps, scopeOf(ctx), [identity]);
  return describeIdentity(identity);
};
export default GetEmailIdentity;
