import type {
  VerifySoftwareTokenRequest,
  VerifySoftwareTokenResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { InvalidParameterException, NotAuthorizedException } from '../../../generated/cognito-idp/errors.js';
import { authenticate } from '../tokens/verify.js';
import { getClientAndPool, type Pool } from '../pools/store.js';
import { findUserBySub, requireUserForUpdate, saveUser, type User } from '../users/store.js';
import { openSession, spendSession, SESSION_INVALID } from '../auth/session.js';
import { challenge } from '../auth/step.js';
import { proveAssociation, useStep } from '../auth/software-token.js';
import type { Deps } from '../../context.js';
import { deviceData, sessionDevice } from '../auth/device.js';

/** The proven secret becomes the user's software token; `enable` turns the factor on (sign-in setup does). */
async function register(
  deps: Deps,
  pool: Pool,
  user: User,
  sealed: string,
  step: number,
  enable: boolean,
): Promise<void> {
  await deps.store.tx(async (trx) => {
    const locked = await requireUserForUpdate(trx, pool, user.username);
    locked.totpSecret = sealed;
    locked.totpPendingSecret = null;
    if (enable)
      locked.mfa = {
        ...locked.mfa,
        software: { enabled: true, preferred: !Object.values(locked.mfa).some((f) => f?.preferred) },
      };
    locked.updatedAt = deps.now();
    await saveUser(trx, pool, locked);
    await trx
      .updateTable('users')
      .set({ totp_last_step: null })
      .where('pool_id', '=', pool.id)
      .where('sub', '=', user.sub)
      .execute();
  });
  // The code that proved the secret is used up: it cannot also answer a sign-in.
  await useStep(deps, user, step);
}

const VerifySoftwareToken: Operation<VerifySoftwareTokenRequest, VerifySoftwareTokenResponse> = async (
  deps,
  _ctx,
  input,
) => {
  if (input.AccessToken !== undefined) {
    const { pool, user } = await authenticate(deps, input.AccessToken);
    const step = proveAssociation(deps, user.totpPendingSecret, input.UserCode);
    await register(deps, pool, user, user.totpPendingSecret!, step, false);
    return { Status: 'SUCCESS' };
  }
  // Neither given: AWS's text is not on record, cognate's words.
  if (input.Session === undefined)
    throw new InvalidParameterException('Either AccessToken or Session must be provided.');
  const state = openSession(deps.serverKey, input.Session, deps.now());
  const sealed = typeof state.data?.secret === 'string' ? state.data.secret : undefined;
  if (state.challenge !== 'MFA_SETUP' || !sealed) throw new NotAuthorizedException(SESSION_INVALID);
  const { pool, client } = await getClientAndPool(deps.store.db, state.client);
  const user = await findUserBySub(deps.store.db, pool.id, state.sub);
  if (!user) throw new NotAuthorizedException(SESSION_INVALID);
  const step = proveAssociation(deps, sealed, input.UserCode);
  await spendSession(deps.store.db, state, deps.now());
  await register(deps, pool, user, sealed, step, true);
  return {
    Status: 'SUCCESS',
    Session: challenge(
      deps,
      pool,
      client,
      user,
      'MFA_SETUP',
      {},
      { verified: true, ...deviceData(sessionDevice(state.data)) },
    ).Session,
  };
};
export default VerifySoftwareToken;
