import type {
  UpdateResourceServerRequest,
  UpdateResourceServerResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getPool, raisePoolVersion } from '../pools/store.js';
import { checkScopes, noSuchResourceServer, resourceServerType } from '../resource-servers/store.js';

/** Replaces the name and scopes: scopes not sent are gone, as UpdateResourceServer resets what it is not sent. */
const UpdateResourceServer: Operation<UpdateResourceServerRequest, UpdateResourceServerResponse> = async (
  deps,
  ctx,
  input,
) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const scopes = JSON.stringify(checkScopes(input.Scopes));
  await deps.store.tx(async (trx) => {
    const result = await trx
      .updateTable('resource_servers')
      .set({ name: input.Name, scopes })
      .where('pool_id', '=', pool.id)
      .where('identifier', '=', input.Identifier)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw noSuchResourceServer(input.Identifier);
    await raisePoolVersion(trx, pool.id);
  });
  return {
    ResourceServer: resourceServerType({ pool_id: pool.id, identifier: input.Identifier, name: input.Name, scopes }),
  };
};
export default UpdateResourceServer;
