import type { DescribeTermsRequest, DescribeTermsResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { getTerms, termsType } from '../branding/terms.js';

const DescribeTerms: Operation<DescribeTermsRequest, DescribeTermsResponse> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  return { Terms: termsType(await getTerms(deps.store.db, pool.id, input.TermsId)) };
};
export default DescribeTerms;
