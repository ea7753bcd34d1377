import type {
  ListUserPoolClientSecretsRequest,
  ListUserPoolClientSecretsResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { secretDescriptor } from '../pools/client-secrets.js';
import { getClient, getPool } from '../pools/store.js';

/**
 * Every secret of the client, without values: "The response does not include pagination tokens as
 * there are only 2 secrets at any given time ... the response never reveals the actual secret
 * value" (API reference). A public client has none.
 */
const ListUserPoolClientSecrets: Operation<
  ListUserPoolClientSecretsRequest,
  ListUserPoolClientSecretsResponse
> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const client = await getClient(deps.store.db, pool.id, input.ClientId);
  return { ClientSecrets: client.secrets.map((s) => secretDescriptor(s)) };
};
export default ListUserPoolClientSecrets;
