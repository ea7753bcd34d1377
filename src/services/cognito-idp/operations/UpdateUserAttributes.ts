import type {
  UpdateUserAttributesRequest,
  UpdateUserAttributesResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { authenticate } from '../tokens/verify.js';
import { getClient } from '../pools/store.js';
import { checkAttributes } from '../users/attributes.js';
import { requireUserForUpdate } from '../users/store.js';
import { queueOptions } from '../messages/queue.js';
import { deliveryDetails } from '../messages/channels.js';
import { changeAttributes, checkRemovable, updateAttributeTexts } from '../users/verification.js';
import { checkWritable } from '../users/self-service.js';

const UpdateUserAttributes: Operation<UpdateUserAttributesRequest, UpdateUserAttributesResponse> = async (
  deps,
  _ctx,
  input,
) => {
  const { pool, user, clientId } = await authenticate(deps, input.AccessToken);
  const changes = checkAttributes(pool, input.UserAttributes, { creating: false });
  checkWritable(await getClient(deps.store.db, pool.id, clientId), Object.keys(changes));
  checkRemovable(
    pool,
    Object.keys(changes).filter((name) => changes[name] === ''),
  );
  const custom = await updateAttributeTexts(deps, pool, user, changes, input.ClientMetadata);
  const now = deps.now();
  const channels = await deps.store.tx(async (trx) => {
    const locked = await requireUserForUpdate(trx, pool, user.username);
    return changeAttributes(trx, deps.serverKey, pool, locked, changes, now, queueOptions(deps), custom);
  });
  return { CodeDeliveryDetailsList: channels.map(deliveryDetails) };
};
export default UpdateUserAttributes;
