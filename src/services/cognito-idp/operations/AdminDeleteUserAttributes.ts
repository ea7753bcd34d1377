import type {
  AdminDeleteUserAttributesRequest,
  AdminDeleteUserAttributesResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { requireUserForUpdate } from '../users/store.js';
import { queueOptions } from '../messages/queue.js';
import { changeAttributes, checkDeletable } from '../users/verification.js';

const AdminDeleteUserAttributes: Operation<
  AdminDeleteUserAttributesRequest,
  AdminDeleteUserAttributesResponse
> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const names = input.UserAttributeNames;
  checkDeletable(pool, names);
  const now = deps.now();
  await deps.store.tx(async (trx) => {
    const user = await requireUserForUpdate(trx, pool, input.Username);
    // Removing never sends a code: only a new, non-empty value is verified.
    await changeAttributes(
      trx,
      deps.serverKey,
      pool,
      user,
      Object.fromEntries(names.map((n) => [n, ''])),
      now,
      queueOptions(deps),
    );
  });
  return {};
};
export default AdminDeleteUserAttributes;
