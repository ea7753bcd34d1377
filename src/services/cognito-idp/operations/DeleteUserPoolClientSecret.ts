import type {
  DeleteUserPoolClientSecretRequest,
  DeleteUserPoolClientSecretResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import {
  ConcurrentModificationException,
  InvalidParameterException,
  ResourceNotFoundException,
} from '../../../generated/cognito-idp/errors.js';
import { callerOf } from '../caller.js';
import { replaceSecrets, secretsOf, storedSecrets } from '../pools/client-secrets.js';
import { getClient, getPool } from '../pools/store.js';

/**
 * Ends one secret at once. "You cannot delete the last remaining secret for an app client" (API
 * reference). AWS's texts for that and for an id the client has no secret of are not on record:
 * cognate's words.
 */
const DeleteUserPoolClientSecret: Operation<
  DeleteUserPoolClientSecretRequest,
  DeleteUserPoolClientSecretResponse
> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const client = await getClient(deps.store.db, pool.id, input.ClientId);
  for (let attempt = 0; attempt < 5; attempt++) {
    const before = await storedSecrets(deps.store.db, client.clientId);
    const secrets = secretsOf({ secrets: before, secret: client.secret, created_at: client.createdAt });
    if (!secrets.some((s) => s.id === input.ClientSecretId)) {
      throw new ResourceNotFoundException(
        `Client secret ${input.ClientSecretId} does not exist for client ${client.clientId}.`,
      );
    }
    const rest = secrets.filter((s) => s.id !== input.ClientSecretId);
    if (rest.length === 0) {
      throw new InvalidParameterException(
        `Client secret ${input.ClientSecretId} is the last secret of client ${client.clientId} and cannot be deleted.`,
      );
    }
    if (await replaceSecrets(deps.store.db, client.clientId, before, rest, deps.now())) return {};
  }
  throw new ConcurrentModificationException(`The secrets of client ${client.clientId} are being changed: try again.`);
};
export default DeleteUserPoolClientSecret;
