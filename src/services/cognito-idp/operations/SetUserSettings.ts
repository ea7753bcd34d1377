import type { SetUserSettingsRequest, SetUserSettingsResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { authenticate } from '../tokens/verify.js';
import { requireUserForUpdate, saveUser } from '../users/store.js';
import { applyMfaOptions } from '../users/settings.js';

const SetUserSettings: Operation<SetUserSettingsRequest, SetUserSettingsResponse> = async (deps, _ctx, input) => {
  const { pool, user } = await authenticate(deps, input.AccessToken);
  await deps.store.tx(async (trx) => {
    const locked = await requireUserForUpdate(trx, pool, user.username);
    locked.mfa = applyMfaOptions(locked, input.MFAOptions);
    locked.updatedAt = deps.now();
    await saveUser(trx, pool, locked);
  });
  return {};
};
export default SetUserSettings;
