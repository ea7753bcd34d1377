import type {
  DescribeUserPoolDomainRequest,
  DescribeUserPoolDomainResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { describeDomain, domainByHost, hostOf } from '../domains/store.js';

/**
 * A domain of the caller's account, prefix domains in the caller's Region. A domain that is not
 * there is an empty DomainDescription, not an error: terraform-provider-aws's findUserPoolDomain
 * reads `{"DomainDescription": {}}` as "not found", the answer it gets from AWS.
 */
const DescribeUserPoolDomain: Operation<DescribeUserPoolDomainRequest, DescribeUserPoolDomainResponse> = async (
  deps,
  ctx,
  input,
) => {
  const caller = callerOf(ctx);
  const row = await domainByHost(deps.store.db, hostOf(input.Domain, caller.region));
  const mine = row && row.account === caller.account && row.region === caller.region;
  return { DomainDescription: mine ? describeDomain(row) : {} };
};
export default DescribeUserPoolDomain;
