import type { ListTermsRequest, ListTermsResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf, pagePosition } from '../caller.js';
import { getPool } from '../pools/store.js';
import { listTerms, termsDescription, termsScope } from '../branding/terms.js';

const ListTerms: Operation<ListTermsRequest, ListTermsResponse> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const after = pagePosition(input.NextToken, termsScope(pool.id), 1, ctx.requestId)?.[0];
  // MaxResults' default is not on record: the model's maximum, 60.
  const page = await listTerms(deps.store.db, pool.id, after, input.MaxResults ?? 60);
  return { Terms: page.items.map(termsDescription), ...(page.next ? { NextToken: page.next } : {}) };
};
export default ListTerms;
