import type { DeleteResourceServerRequest } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getPool, raisePoolVersion } from '../pools/store.js';
import { noSuchResourceServer } from '../resource-servers/store.js';

/**
 * Clients that allow its scopes keep them (resource-servers/store.ts: checkClientScopes), but no token
 * carries them any more (poolScopes).
 */
const DeleteResourceServer: Operation<DeleteResourceServerRequest, void> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  await deps.store.tx(async (trx) => {
    const result = await trx
      .deleteFrom('resource_servers')
      .where('pool_id', '=', pool.id)
      .where('identifier', '=', input.Identifier)
      .executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw noSuchResourceServer(input.Identifier);
    await raisePoolVersion(trx, pool.id);
  });
};
export default DeleteResourceServer;
