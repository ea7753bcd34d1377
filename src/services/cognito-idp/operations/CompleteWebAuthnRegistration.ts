import type {
  CompleteWebAuthnRegistrationRequest,
  CompleteWebAuthnRegistrationResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import {
  LimitExceededException,
  WebAuthnChallengeNotFoundException,
  WebAuthnClientMismatchException,
  WebAuthnCredentialNotSupportedException,
} from '../../../generated/cognito-idp/errors.js';
import type { Operation } from '../../context.js';
import { authenticate } from '../tokens/verify.js';
import { passkeysOf } from '../passwordless/relying-party.js';
import {
  countCredentials,
  insertCredential,
  MAX_CREDENTIALS,
  pendingRegistration,
  spendRegistration,
} from '../passwordless/credentials.js';
import { credentialJson, verifyRegistration } from '../passwordless/webauthn.js';
import { friendlyName } from '../passwordless/names.js';

// The refusals' texts are not on record: cognate's words.
const NO_CHALLENGE = 'No passkey registration is waiting for this user: call StartWebAuthnRegistration first.';

const CompleteWebAuthnRegistration: Operation<
  CompleteWebAuthnRegistrationRequest,
  CompleteWebAuthnRegistrationResponse
> = async (deps, _ctx, input) => {
  const { pool, user, clientId } = await authenticate(deps, input.AccessToken);
  const passkeys = await passkeysOf(deps.store.db, pool);
  const response = credentialJson<RegistrationResponseJSON>(input.Credential, 'Credential');
  const pending = await pendingRegistration(deps.store.db, pool.id, user.sub);
  const now = deps.now();
  if (!pending || pending.expires_at <= now) throw new WebAuthnChallengeNotFoundException(NO_CHALLENGE);
  if (pending.client_id !== clientId)
    throw new WebAuthnClientMismatchException('The passkey registration was started by another app client.');
  const credential = await verifyRegistration(response, pending.challenge, {
    rpId: pending.rp_id,
    userVerification: pending.user_verification === 'required' ? 'required' : passkeys.userVerification,
  });
  await deps.store.tx(async (trx) => {
    // The challenge answers once: of concurrent completions one spends it, the others find none.
    if (!(await spendRegistration(trx, pending))) throw new WebAuthnChallengeNotFoundException(NO_CHALLENGE);
    if ((await countCredentials(trx, pool.id, user.sub)) >= MAX_CREDENTIALS)
      throw new LimitExceededException(`A user can register at most ${MAX_CREDENTIALS} passkeys.`);
    const stored = await insertCredential(trx, {
      pool_id: pool.id,
      sub: user.sub,
      credential_id: credential.id,
      public_key: credential.publicKey,
      sign_count: credential.counter,
      transports: JSON.stringify(credential.transports),
      rp_id: pending.rp_id,
      attachment: credential.attachment,
      friendly_name: friendlyName(credential.attachment, now),
      created_at: now,
    });
    if (!stored) throw new WebAuthnCredentialNotSupportedException('This passkey is registered already.');
  });
  return {};
};
export default CompleteWebAuthnRegistration;
