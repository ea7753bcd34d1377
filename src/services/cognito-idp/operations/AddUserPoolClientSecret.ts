import type {
  AddUserPoolClientSecretRequest,
  AddUserPoolClientSecretResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import {
  ConcurrentModificationException,
  InvalidParameterException,
  LimitExceededException,
} from '../../../generated/cognito-idp/errors.js';
import { newClientSecret } from '../../../crypto/ids.js';
import { callerOf } from '../caller.js';
import {
  MAX_CLIENT_SECRETS,
  newSecretId,
  replaceSecrets,
  secretDescriptor,
  secretsOf,
  storedSecrets,
} from '../pools/client-secrets.js';
import { getClient, getPool } from '../pools/store.js';

/**
 * A second secret for a confidential client, generated unless one is given. "The ClientSecretValue
 * is only returned when Amazon Cognito generates the secret" (API reference). AWS's texts for a
 * client without a secret and for a third secret are not on record: cognate's words.
 */
const AddUserPoolClientSecret: Operation<AddUserPoolClientSecretRequest, AddUserPoolClientSecretResponse> = async (
  deps,
  ctx,
  input,
) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const client = await getClient(deps.store.db, pool.id, input.ClientId);
  const secret = {
    id: newSecretId(),
    value: input.ClientSecret ?? newClientSecret(),
    created: deps.now(),
  };
  // Read, check and write again if another change came between (at most a few times).
  for (let attempt = 0; attempt < 5; attempt++) {
    const before = await storedSecrets(deps.store.db, client.clientId);
    const secrets = secretsOf({ secrets: before, secret: client.secret, created_at: client.createdAt });
    if (secrets.length === 0) {
      throw new InvalidParameterException(
        `Client ${client.clientId} has no client secret: only a confidential app client can have secrets added.`,
      );
    }
    if (secrets.length >= MAX_CLIENT_SECRETS) {
      throw new LimitExceededException(
        `Client ${client.clientId} already has ${MAX_CLIENT_SECRETS} client secrets: delete one before adding another.`,
      );
    }
    if (await replaceSecrets(deps.store.db, client.clientId, before, [...secrets, secret], secret.created)) {
      return { ClientSecretDescriptor: secretDescriptor(secret, input.ClientSecret === undefined) };
    }
  }
  throw new ConcurrentModificationException(`The secrets of client ${client.clientId} are being changed: try again.`);
};
export default AddUserPoolClientSecret;
