import type {
  AdminUpdateUserAttributesRequest,
  AdminUpdateUserAttributesResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { checkAttributes } from '../users/attributes.js';
import { findUser, requireUserForUpdate } from '../users/store.js';
import { queueOptions } from '../messages/queue.js';
import { changeAttributes, checkRemovable, updateAttributeTexts } from '../users/verification.js';

// AdminUpdateUserAttributes returns no delivery details even when it sends a code
// (API reference; docs/reference/cognito-messaging-facts.md §4.3).
const AdminUpdateUserAttributes: Operation<
  AdminUpdateUserAttributesRequest,
  AdminUpdateUserAttributesResponse
> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const changes = checkAttributes(pool, input.UserAttributes, { creating: false });
  checkRemovable(
    pool,
    Object.keys(changes).filter((name) => changes[name] === ''),
  );
  const before = pool.config.LambdaConfig?.CustomMessage
    ? await findUser(deps.store.db, pool, input.Username)
    : undefined;
  const custom = before && (await updateAttributeTexts(deps, pool, before, changes, input.ClientMetadata));
  const now = deps.now();
  await deps.store.tx(async (trx) => {
    const user = await requireUserForUpdate(trx, pool, input.Username);
    return changeAttributes(trx, deps.serverKey, pool, user, changes, now, queueOptions(deps), custom);
  });
  return {};
};
export default AdminUpdateUserAttributes;
