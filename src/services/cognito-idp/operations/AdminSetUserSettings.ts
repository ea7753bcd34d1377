import type {
  AdminSetUserSettingsRequest,
  AdminSetUserSettingsResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { requireUserForUpdate, saveUser } from '../users/store.js';
import { applyMfaOptions } from '../users/settings.js';

const AdminSetUserSettings: Operation<AdminSetUserSettingsRequest, AdminSetUserSettingsResponse> = async (
  deps,
  ctx,
  input,
) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  await deps.store.tx(async (trx) => {
    const user = await requireUserForUpdate(trx, pool, input.Username);
    user.mfa = applyMfaOptions(user, input.MFAOptions);
    user.updatedAt = deps.now();
    await saveUser(trx, pool, user);
  });
  return {};
};
export default AdminSetUserSettings;
