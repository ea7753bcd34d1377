// Setting up an authenticator app during a sign-in (the MFA_SETUP challenge): a new secret
// carried, sealed, in the next Session (AssociateSoftwareToken with a Session), then proven by a
// code of the app (VerifySoftwareToken with that Session), which registers it and turns the factor
// on; RespondToAuthChallenge MFA_SETUP then ends the sign-in. The operations and the managed login
// set-up page (../login/mfa-setup.ts) both take these steps. The same steps for a signed-in user
// (an AccessToken) are `register` with `enable` false.
import { NotAuthorizedException } from '../../../generated/cognito-idp/errors.js';
import type { Deps } from '../../context.js';
import { getClientAndPool, type Pool } from '../pools/store.js';
import { findUserBySub, requireUserForUpdate, saveUser, type User } from '../users/store.js';
import { openSession, spendSession, SESSION_INVALID } from './session.js';
import { challenge } from './step.js';
import { newSecret, proveAssociation, useStep } from './software-token.js';

/** The proven secret becomes the user's software token; `enable` turns the factor on (sign-in setup does). */
export async function register(
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

/** AssociateSoftwareToken with an MFA_SETUP Session: the secret for the app, and the Session that carries it. */
export async function associateInSignIn(
  deps: Deps,
  session: string,
): Promise<{ secretCode: string; session: string; user: User }> {
  const { secretCode, sealed } = newSecret(deps);
  const state = openSession(deps.serverKey, session, deps.now());
  if (state.challenge !== 'MFA_SETUP') throw new NotAuthorizedException(SESSION_INVALID);
  const { pool, client } = await getClientAndPool(deps.store.db, state.client);
  const user = await findUserBySub(deps.store.db, pool.id, state.sub);
  if (!user) throw new NotAuthorizedException(SESSION_INVALID);
  await spendSession(deps.store.db, state, deps.now());
  const next = challenge(deps, pool, client, user, 'MFA_SETUP', {}, { secret: sealed });
  return { secretCode, session: next.Session!, user };
}

/** VerifySoftwareToken with the Session AssociateSoftwareToken gave: the Session that answers MFA_SETUP. */
export async function verifyInSignIn(deps: Deps, session: string, code: string): Promise<string> {
  const state = openSession(deps.serverKey, session, deps.now());
  const sealed = typeof state.data?.secret === 'string' ? state.data.secret : undefined;
  if (state.challenge !== 'MFA_SETUP' || !sealed) throw new NotAuthorizedException(SESSION_INVALID);
  const { pool, client } = await getClientAndPool(deps.store.db, state.client);
  const user = await findUserBySub(deps.store.db, pool.id, state.sub);
  if (!user) throw new NotAuthorizedException(SESSION_INVALID);
  const step = proveAssociation(deps, sealed, code);
  await spendSession(deps.store.db, state, deps.now());
  await register(deps, pool, user, sealed, step, true);
  return challenge(deps, pool, client, user, 'MFA_SETUP', {}, { verified: true }).Session!;
}
