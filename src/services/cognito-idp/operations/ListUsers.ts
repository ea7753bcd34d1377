import type { ListUsersRequest, ListUsersResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { InvalidParameterException } from '../../../generated/cognito-idp/errors.js';
import { callerOf, pagePosition, pageToken } from '../caller.js';
import { getPool } from '../pools/store.js';
import { orderOf, parseFilter, usersPage } from '../users/filter.js';
import { userType, viewOf } from '../users/store.js';

const DEFAULT_LIMIT = 60;

const ListUsers: Operation<ListUsersRequest, ListUsersResponse> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  // sub always comes back, and is refused as a requested attribute. Neither that refusal nor its
  // text has a public source (an earlier note said "recorded 2026" without one): cognate's words.
  if (input.AttributesToGet?.includes('sub'))
    throw new InvalidParameterException('Input fails to satisfy the constraints.');
  const filter = parseFilter(pool, input.Filter);
  const order = orderOf(filter);
  const scope = `users ${pool.id} ${order.join(',')}`;
  const after = pagePosition(input.PaginationToken, scope, order.length, ctx.requestId);
  // 0 is within the model's range; read as "no limit given" so that a paginator always advances.
  const limit = input.Limit || DEFAULT_LIMIT;
  const rows = await usersPage(deps.store.db, pool, filter, after, limit);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    Users: page.map((r) => userType(viewOf(r), input.AttributesToGet)),
    ...(rows.length > limit
      ? {
          PaginationToken: pageToken(
            scope,
            order.map((k) => last[k] ?? ''),
          ),
        }
      : {}),
  };
};
export default ListUsers;
