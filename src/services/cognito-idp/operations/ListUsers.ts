import type { ListUsersRequest } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { InvalidParameterException } from '../../../generated/cognito-idp/errors.js';
import { callerOf, decodeToken, encodeToken } from '../caller.js';
import { getPool } from '../pools/store.js';
import { orderOf, parseFilter, usersPage, type UserFilter } from '../users/filter.js';
import { fromRow, userType } from '../users/store.js';

const DEFAULT_LIMIT = 60;

/**
 * The position a token carries: the last row's sort values, for the pool and filter it was issued
 * for. Anything else is refused as AWS refuses a stale or foreign marker (text recorded in
 * aws-sdk-js#3705; the exception type is assumed).
 */
function positionOf(token: string | undefined, poolId: string, filter: UserFilter, requestId: string): string[] | undefined {
  if (token === undefined) return undefined;
  try {
    const p: unknown = JSON.parse(decodeToken(token)!);
    if (p && typeof p === 'object' && 'pool' in p && 'after' in p && p.pool === poolId && Array.isArray(p.after)
      && p.after.length === orderOf(filter).length && p.after.every((v) => typeof v === 'string')) return p.after as string[];
  } catch {
    // not JSON: not one of ours
  }
  throw new InvalidParameterException(`Paging marker ${token} is invalid for request ${requestId}`);
}

const ListUsers: Operation<ListUsersRequest> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId!);
  // sub always comes back; AWS refuses it as a requested attribute (recorded 2026).
  if (input.AttributesToGet?.includes('sub')) throw new InvalidParameterException('Input fails to satisfy the constraints.');
  const filter = parseFilter(pool, input.Filter);
  const after = positionOf(input.PaginationToken, pool.id, filter, ctx.requestId);
  // 0 is within the model's range; read as "no limit given" so that a paginator always advances.
  const limit = input.Limit || DEFAULT_LIMIT;
  const rows = await usersPage(deps.store.db, pool, filter, after, limit);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    Users: page.map((r) => userType(fromRow(r), input.AttributesToGet)),
    ...(rows.length > limit ? { PaginationToken: encodeToken(JSON.stringify({ pool: pool.id, after: orderOf(filter).map((k) => last[k]) })) } : {}),
  };
};
export default ListUsers;
