import type {
  CreateUserPoolClientRequest,
  CreateUserPoolClientResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { newClientId, newClientSecret } from '../../../crypto/ids.js';
import { clientConfig } from '../pools/client-config.js';
import { checkSupportedProviders } from '../idps/clients.js';
import { describeClient, getPool, type Client } from '../pools/store.js';

const CreateUserPoolClient: Operation<CreateUserPoolClientRequest, CreateUserPoolClientResponse> = async (
  deps,
  ctx,
  input,
) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const { UserPoolId: _p, ClientName: _n, GenerateSecret: _g, ...settings } = input;
  await checkSupportedProviders(deps.store.db, pool.id, input.SupportedIdentityProviders);
  const now = deps.now();
  const client: Client = {
    clientId: newClientId(),
    poolId: pool.id,
    name: input.ClientName,
    secret: input.GenerateSecret ? newClientSecret() : null,
    config: clientConfig(settings),
    createdAt: now,
    updatedAt: now,
  };
  await deps.store.db
    .insertInto('user_pool_clients')
    .values({
      client_id: client.clientId,
      pool_id: pool.id,
      name: client.name,
      secret: client.secret,
      config: JSON.stringify(client.config),
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { UserPoolClient: describeClient(client) };
};
export default CreateUserPoolClient;
