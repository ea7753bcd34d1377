import type { ChangePasswordRequest, ChangePasswordResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { authenticate } from '../tokens/verify.js';
import { checkPassword } from '../users/password-policy.js';
import { applyPassword, preparePassword } from '../users/password.js';
import { findUserForUpdate, saveUser } from '../users/store.js';
import { provePassword } from '../auth/sign-in.js';
import { getClient } from '../pools/store.js';
import { recordEvent } from '../risk/events.js';

/** The signed-in user replaces their password, proving the old one (which counts towards the lockout). */
const ChangePassword: Operation<ChangePasswordRequest, ChangePasswordResponse> = async (deps, _ctx, input) => {
  const { pool, user, clientId } = await authenticate(deps, input.AccessToken);
  checkPassword(pool, input.ProposedPassword);
  try {
    await provePassword(
      deps,
      pool,
      await getClient(deps.store.db, pool.id, clientId),
      user.username,
      input.PreviousPassword ?? '',
    );
  } catch (e) {
    await recordEvent(deps, deps.store.db, pool, user, {
      type: 'PasswordChange',
      response: 'Fail',
      challenges: [{ ChallengeName: 'Password', ChallengeResponse: 'Failure' }],
      clientId,
    });
    throw e;
  }
  const prepared = await preparePassword(deps, pool, user.username, input.ProposedPassword);
  const now = deps.now();
  await deps.store.tx(async (trx) => {
    const locked = await findUserForUpdate(trx, pool, user.username);
    if (!locked) return;
    applyPassword(locked, prepared);
    locked.updatedAt = now;
    await saveUser(trx, pool, locked);
    await recordEvent(deps, trx, pool, locked, {
      type: 'PasswordChange',
      response: 'Pass',
      challenges: [{ ChallengeName: 'Password', ChallengeResponse: 'Success' }],
      clientId,
    });
  });
  return {};
};
export default ChangePassword;
