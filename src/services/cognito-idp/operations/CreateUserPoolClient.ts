import type {
  CreateUserPoolClientRequest,
  CreateUserPoolClientResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { InvalidParameterException } from '../../../generated/cognito-idp/errors.js';
import { callerOf } from '../caller.js';
import { newClientId, newClientSecret } from '../../../crypto/ids.js';
import { clientConfig } from '../pools/client-config.js';
import { checkSupportedProviders } from '../idps/clients.js';
import { newSecretId, type ClientSecret } from '../pools/client-secrets.js';
import { describeClient, getPool, type Client } from '../pools/store.js';
import { checkClientScopes } from '../resource-servers/store.js';

const CreateUserPoolClient: Operation<CreateUserPoolClientRequest, CreateUserPoolClientResponse> = async (
  deps,
  ctx,
  input,
) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const { UserPoolId: _p, ClientName: _n, GenerateSecret: _g, ClientSecret: given, ...settings } = input;
  // A ClientSecret of one's own makes a confidential client, as GenerateSecret does; with
  // GenerateSecret false it contradicts itself. AWS's text for that is not on record: cognate's words.
  if (given !== undefined && input.GenerateSecret === false) {
    throw new InvalidParameterException('ClientSecret cannot be set when GenerateSecret is false.');
  }
  const config = clientConfig(settings);
  await checkClientScopes(deps.store.db, pool.id, config.AllowedOAuthScopes);
  await checkSupportedProviders(deps.store.db, pool.id, input.SupportedIdentityProviders);
  const now = deps.now();
  const value = given ?? (input.GenerateSecret ? newClientSecret() : undefined);
  const secrets: ClientSecret[] = value ? [{ id: newSecretId(), value, created: now }] : [];
  const client: Client = {
    clientId: newClientId(),
    poolId: pool.id,
    name: input.ClientName,
    secret: value ?? null,
    secrets,
    config,
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
      secrets: secrets.length ? JSON.stringify(secrets) : null,
      config: JSON.stringify(client.config),
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { UserPoolClient: describeClient(client) };
};
export default CreateUserPoolClient;
