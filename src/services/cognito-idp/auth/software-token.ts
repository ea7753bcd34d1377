// Software tokens (TOTP, RFC 6238): associating a secret with a user, proving the authenticator
// app has it, and checking its codes at sign-in. Secrets are stored sealed under the server key;
// each accepted code's time step is recorded so that no code works twice.
import {
  CodeMismatchException,
  EnableSoftwareTokenMFAException,
  ExpiredCodeException,
  SoftwareTokenMFANotFoundException,
} from '../../../generated/cognito-idp/errors.js';
import type { Deps } from '../../context.js';
import { seal, unseal } from '../../../crypto/seal.js';
import { newTotpSecret, verifyTotp } from '../../../crypto/totp.js';
import type { User } from '../users/store.js';
import { recordFailure } from './lockout.js';
import { MFA_MISMATCH } from './mfa.js';

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
