import type {
  StartWebAuthnRegistrationRequest,
  StartWebAuthnRegistrationResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { LimitExceededException } from '../../../generated/cognito-idp/errors.js';
import type { Operation } from '../../context.js';
import { authenticate } from '../tokens/verify.js';
import { passkeysOf } from '../passwordless/relying-party.js';
import { credentialsOf, MAX_CREDENTIALS, openRegistration } from '../passwordless/credentials.js';
import { CEREMONY_MS, creationOptions, newChallenge } from '../passwordless/webauthn.js';

const StartWebAuthnRegistration: Operation<
  StartWebAuthnRegistrationRequest,
  StartWebAuthnRegistrationResponse
> = async (deps, _ctx, input) => {
  const { pool, user, clientId } = await authenticate(deps, input.AccessToken);
  const passkeys = await passkeysOf(deps.store.db, pool);
  const existing = await credentialsOf(deps.store.db, pool.id, user.sub);
  // Not on record: cognate's words for the per-user limit (credentials.ts).
  if (existing.length >= MAX_CREDENTIALS)
    throw new LimitExceededException(`A user can register at most ${MAX_CREDENTIALS} passkeys.`);
  const challenge = newChallenge();
  const options = await creationOptions(passkeys, pool.name, user, challenge, existing);
  // One open ceremony per user: a new start replaces the last one's challenge.
  await openRegistration(deps.store.db, {
    pool_id: pool.id,
    sub: user.sub,
    challenge,
    client_id: clientId,
    rp_id: passkeys.rpId,
    user_verification: passkeys.userVerification,
    expires_at: deps.now() + CEREMONY_MS,
  });
  return {
    CredentialCreationOptions: options as unknown as StartWebAuthnRegistrationResponse['CredentialCreationOptions'],
  };
};
export default StartWebAuthnRegistration;
