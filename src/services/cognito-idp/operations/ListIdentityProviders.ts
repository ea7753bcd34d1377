import type {
  ListIdentityProvidersRequest,
  ListIdentityProvidersResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf, pagePosition, pageToken } from '../caller.js';
import { getPool } from '../pools/store.js';
import { listProviders, providerDescription } from '../idps/store.js';

// MaxResults is 0-60 (model); the response holds at most 50 providers (ProvidersListType), which
// is also the page when MaxResults is absent or 0 (what AWS does with 0 is not on record).
const PAGE = 50;

const ListIdentityProviders: Operation<ListIdentityProvidersRequest, ListIdentityProvidersResponse> = async (
  deps,
  ctx,
  input,
) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const scope = `ListIdentityProviders/${pool.id}`;
  const after = pagePosition(input.NextToken, scope, 1, ctx.requestId)?.[0];
  const limit = Math.min(input.MaxResults || PAGE, PAGE);
  const rows = await listProviders(deps.store.db, pool.id, after, limit + 1);
  const page = rows.slice(0, limit);
  return {
    Providers: page.map(providerDescription),
    ...(rows.length > limit ? { NextToken: pageToken(scope, [page[page.length - 1].name]) } : {}),
  };
};
export default ListIdentityProviders;
