import type { DeleteResourceServerRequest } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { noSuchResourceServer } from '../resource-servers/store.js';

/** Clients that allow its scopes keep them (resource-servers/store.ts: checkClientScopes). */
const DeleteResourceServer: Operation<DeleteResourceServerRequest, void> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const result = await deps.store.db
    .deleteFrom('resource_servers')
    .where('pool_id', '=', pool.id)
    .where('identifier', '=', input.Identifier)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw noSuchResourceServer(input.Identifier);
};
export default DeleteResourceServer;
