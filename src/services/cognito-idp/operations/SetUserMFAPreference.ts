import type {
  SetUserMFAPreferenceRequest,
  SetUserMFAPreferenceResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { authenticate } from '../tokens/verify.js';
import { requireUserForUpdate, saveUser } from '../users/store.js';
import { applyPreferences } from '../users/mfa.js';

const SetUserMFAPreference: Operation<SetUserMFAPreferenceRequest, SetUserMFAPreferenceResponse> = async (
  deps,
  _ctx,
  input,
) => {
  const { pool, user } = await authenticate(deps, input.AccessToken);
  await deps.store.tx(async (trx) => {
    const locked = await requireUserForUpdate(trx, pool, user.username);
    locked.mfa = applyPreferences(locked, input);
    locked.updatedAt = deps.now();
    await saveUser(trx, pool, locked);
  });
  return {};
};
export default SetUserMFAPreference;
