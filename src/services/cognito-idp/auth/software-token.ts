// Software tokens (TOTP, RFC 6238): associating a secret with a user, proving the authenticator
// app has it, and checking its codes at sign-in. Secrets are stored sealed under the server key;
// each accepted code's time step is recorded so that no code works twice.
import {
  CodeMismatchException,
  EnableSoftwareTokenMFAException,
  ExpiredCodeException,
  NotAuthorizedException,
  SoftwareTokenMFANotFoundException,
} from '../../../generated/cognito-idp/errors.js';
import type { Deps } from '../../context.js';
import { seal, unseal } from '../../../crypto/seal.js';
import { newTotpSecret, verifyTotp } from '../../../crypto/totp.js';
import { getClientAndPool, type Pool } from '../pools/store.js';
import { findUserBySub, requireUserForUpdate, saveUser, type User } from '../users/store.js';
import { recordFailure } from './lockout.js';
import { MFA_MISMATCH } from './mfa.js';
import { openSession, spendSession, SESSION_INVALID } from './session.js';
import { challenge } from './step.js';
import { deviceData, sessionDevice } from './device.js';

const PURPOSE = 'totp secret';

export const sealSecret = (deps: Deps, secret: string) => seal(deps.serverKey, PURPOSE, secret);
const openSecret = (deps: Deps, sealed: string) => unseal(deps.serverKey, PURPOSE, sealed);

/** A new secret: the plain base32 one for the user's app, and its sealed form to keep. */
export function newSecret(deps: Deps): { secretCode: string; sealed: string } {
  const secretCode = newTotpSecret();
  return { secretCode, sealed: sealSecret(deps, secretCode) };
}

/** VerifySoftwareToken's check of a secret being associated; returns the matching time step. */
export function proveAssociation(deps: Deps, sealed: string | null | undefined, code: string): number {
  const secret = sealed ? openSecret(deps, sealed) : undefined;
  const step = secret === undefined ? null : verifyTotp(secret, code, deps.now());
  // Recorded in a raw 400 body (aws-samples/aws-amplify-auth-starters#15, 2021).
  if (step === null) throw new EnableSoftwareTokenMFAException('Code mismatch and fail enable Software Token MFA');
  return step;
}

/** Records `step` as used, unless it (or a later one) already was. */
export async function useStep(deps: Deps, user: User, step: number): Promise<boolean> {
  const r = await deps.store.db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('pool_id', '=', user.poolId)
    .where('sub', '=', user.sub)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** SOFTWARE_TOKEN_MFA at sign-in: the code of the user's app, once. */
export async function checkSoftwareToken(deps: Deps, user: User, code: string): Promise<void> {
  const secret = user.totpSecret ? openSecret(deps, user.totpSecret) : undefined;
  // Recorded (amazon-archives/amazon-cognito-identity-js#630, 2017).
  if (secret === undefined)
    throw new SoftwareTokenMFANotFoundException('Software Token MFA does not exist for the user.');
  const step = verifyTotp(secret, code, deps.now());
  if (step === null) {
    await recordFailure(deps, user, deps.now());
    throw new CodeMismatchException(MFA_MISMATCH);
  }
  // Recorded (docs/reference/aws-recorded.md §4.1, moto's aws_verified MFA test).
  if (!(await useStep(deps, user, step)))
    throw new ExpiredCodeException('Your software token has already been used once.');
}

/** The proven secret becomes the user's software token; `enable` turns the factor on (sign-in setup does). */
export async function registerSoftwareToken(
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

/**
 * AssociateSoftwareToken during a sign-in (an MFA_SETUP Session): a new secret, carried sealed in
 * the next Session. The API operation and managed login's setup page both take this step.
 */
export async function associateDuringSignIn(
  deps: Deps,
  session: string,
): Promise<{ secretCode: string; session: string; username: string }> {
  const { secretCode, sealed } = newSecret(deps);
  const state = openSession(deps.serverKey, session, deps.now());
  if (state.challenge !== 'MFA_SETUP') throw new NotAuthorizedException(SESSION_INVALID);
  const { pool, client } = await getClientAndPool(deps.store.db, state.client);
  const user = await findUserBySub(deps.store.db, pool.id, state.sub);
  if (!user) throw new NotAuthorizedException(SESSION_INVALID);
  await spendSession(deps.store.db, state, deps.now());
  const next = challenge(
    deps,
    pool,
    client,
    user,
    'MFA_SETUP',
    {},
    { secret: sealed, ...deviceData(sessionDevice(state.data)) },
  );
  return { secretCode, session: next.Session!, username: user.username };
}

/**
 * VerifySoftwareToken during a sign-in: the app's code proves the secret of the Session, the factor
 * is turned on, and the returned Session answers the MFA_SETUP challenge.
 */
export async function verifyDuringSignIn(deps: Deps, session: string, code: string): Promise<string> {
  const state = openSession(deps.serverKey, session, deps.now());
  const sealed = typeof state.data?.secret === 'string' ? state.data.secret : undefined;
  if (state.challenge !== 'MFA_SETUP' || !sealed) throw new NotAuthorizedException(SESSION_INVALID);
  const { pool, client } = await getClientAndPool(deps.store.db, state.client);
  const user = await findUserBySub(deps.store.db, pool.id, state.sub);
  if (!user) throw new NotAuthorizedException(SESSION_INVALID);
  const step = proveAssociation(deps, sealed, code);
  await spendSession(deps.store.db, state, deps.now());
  await registerSoftwareToken(deps, pool, user, sealed, step, true);
  return challenge(
    deps,
    pool,
    client,
    user,
    'MFA_SETUP',
    {},
    { verified: true, ...deviceData(sessionDevice(state.data)) },
  ).Session!;
}
