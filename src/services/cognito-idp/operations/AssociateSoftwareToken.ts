import type {
  AssociateSoftwareTokenRequest,
  AssociateSoftwareTokenResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { InvalidParameterException } from '../../../generated/cognito-idp/errors.js';
import { authenticate } from '../tokens/verify.js';
import { requireUserForUpdate, saveUser } from '../users/store.js';
import { newSecret } from '../auth/software-token.js';
import { associateInSignIn } from '../auth/mfa-setup.js';

/**
 * A new secret for the user's authenticator app: for a signed-in user (AccessToken), kept until
 * VerifySoftwareToken proves it; during sign-in (the MFA_SETUP Session), carried in the next Session.
 */
const AssociateSoftwareToken: Operation<AssociateSoftwareTokenRequest, AssociateSoftwareTokenResponse> = async (
  deps,
  _ctx,
  input,
) => {
  if (input.AccessToken !== undefined) {
    const { secretCode, sealed } = newSecret(deps);
    const { pool, user } = await authenticate(deps, input.AccessToken);
    await deps.store.tx(async (trx) => {
      const locked = await requireUserForUpdate(trx, pool, user.username);
      locked.totpPendingSecret = sealed;
      await saveUser(trx, pool, locked);
    });
    return { SecretCode: secretCode };
  }
  // Neither given: AWS's text is not on record, cognate's words.
  if (input.Session === undefined)
    throw new InvalidParameterException('Either AccessToken or Session must be provided.');
  const { secretCode, session } = await associateInSignIn(deps, input.Session);
  return { SecretCode: secretCode, Session: session };
};
export default AssociateSoftwareToken;
