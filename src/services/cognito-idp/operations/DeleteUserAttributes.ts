import type {
  DeleteUserAttributesRequest,
  DeleteUserAttributesResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { authenticate } from '../tokens/verify.js';
import { getClient } from '../pools/store.js';
import { requireUserForUpdate } from '../users/store.js';
import { queueOptions } from '../messages/queue.js';
import { changeAttributes, checkDeletable } from '../users/verification.js';
import { checkWritable } from '../users/self-service.js';

const DeleteUserAttributes: Operation<DeleteUserAttributesRequest, DeleteUserAttributesResponse> = async (
  deps,
  _ctx,
  input,
) => {
  const { pool, user, clientId } = await authenticate(deps, input.AccessToken);
  const names = input.UserAttributeNames;
  checkDeletable(pool, names);
  checkWritable(await getClient(deps.store.db, pool.id, clientId), names);
  const now = deps.now();
  await deps.store.tx(async (trx) => {
    const locked = await requireUserForUpdate(trx, pool, user.username);
    await changeAttributes(
      trx,
      deps.serverKey,
      pool,
      locked,
      Object.fromEntries(names.map((n) => [n, ''])),
      now,
      queueOptions(deps),
    );
  });
  return {};
};
export default DeleteUserAttributes;
