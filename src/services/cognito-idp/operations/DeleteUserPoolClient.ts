import type { DeleteUserPoolClientRequest } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getClient, getPool } from '../pools/store.js';
import { forgetClientLook } from '../branding/forget.js';

const DeleteUserPoolClient: Operation<DeleteUserPoolClientRequest, void> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const client = await getClient(deps.store.db, pool.id, input.ClientId);
  await deps.store.tx(async (trx) => {
    await trx
      .deleteFrom('risk_configurations')
      .where('pool_id', '=', pool.id)
      .where('client_id', '=', client.clientId)
      .execute();
    await trx.deleteFrom('user_pool_clients').where('client_id', '=', client.clientId).execute();
    await forgetClientLook(trx, pool.id, client.clientId);
  });
};
export default DeleteUserPoolClient;
