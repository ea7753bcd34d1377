import type {
  AdminSetUserPasswordRequest,
  AdminSetUserPasswordResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { checkPassword } from '../users/password-policy.js';
import { applyPassword, preparePassword } from '../users/password.js';
import { requireUser, requireUserForUpdate, saveUser } from '../users/store.js';
import { temporaryPasswordExpiresAt } from '../users/invitation.js';

/**
 * A permanent password confirms the user (API reference: "the user status is set to Confirmed");
 * a temporary one puts them in FORCE_CHANGE_PASSWORD with the pool's temporary-password validity.
 */
const AdminSetUserPassword: Operation<AdminSetUserPasswordRequest, AdminSetUserPasswordResponse> = async (
  deps,
  ctx,
  input,
) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const found = await requireUser(deps.store.db, pool, input.Username);
  checkPassword(pool, input.Password, 'password policy');
  const prepared = await preparePassword(deps, pool, found.username, input.Password);
  const now = deps.now();
  await deps.store.tx(async (trx) => {
    const user = await requireUserForUpdate(trx, pool, found.username);
    applyPassword(user, prepared, input.Permanent ? null : temporaryPasswordExpiresAt(pool, now));
    user.status = input.Permanent ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD';
    user.updatedAt = now;
    await saveUser(trx, pool, user);
    // A new password ends any lockout and any pending reset.
    await trx
      .updateTable('users')
      .set({ failed_sign_ins: 0, last_failed_sign_in_at: null, locked_until: null })
      .where('pool_id', '=', pool.id)
      .where('sub', '=', user.sub)
      .execute();
    await trx
      .deleteFrom('user_codes')
      .where('pool_id', '=', pool.id)
      .where('sub', '=', user.sub)
      .where('purpose', 'like', 'reset:%')
      .execute();
  });
  return {};
};
export default AdminSetUserPassword;
