import type {
  UpdateUserPoolClientRequest,
  UpdateUserPoolClientResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { clientConfig } from '../pools/client-config.js';
import { checkSupportedProviders } from '../idps/clients.js';
import { checkClientScopes } from '../resource-servers/store.js';
import { describeClient, getClient, getPool } from '../pools/store.js';

const UpdateUserPoolClient: Operation<UpdateUserPoolClientRequest, UpdateUserPoolClientResponse> = async (
  deps,
  ctx,
  input,
) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const client = await getClient(deps.store.db, pool.id, input.ClientId);
  await checkSupportedProviders(deps.store.db, pool.id, input.SupportedIdentityProviders);
  const { UserPoolId: _p, ClientId: _c, ClientName, ...settings } = input;
  const config = clientConfig(settings);
  await checkClientScopes(deps.store.db, pool.id, config.AllowedOAuthScopes);
  const updated = { ...client, name: ClientName ?? client.name, config, updatedAt: deps.now() };
  await deps.store.db
    .updateTable('user_pool_clients')
    .set((eb) => ({
      name: updated.name,
      config: JSON.stringify(updated.config),
      updated_at: updated.updatedAt,
      version: eb('version', '+', 1),
    }))
    .where('client_id', '=', client.clientId)
    .execute();
  return { UserPoolClient: describeClient(updated) };
};
export default UpdateUserPoolClient;
