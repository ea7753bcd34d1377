import type {
  AssociateSoftwareTokenRequest,
  AssociateSoftwareTokenResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { InvalidParameterException, NotAuthorizedException } from '../../../generated/cognito-idp/errors.js';
import { authenticate } from '../tokens/verify.js';
import { getClientAndPool } from '../pools/store.js';
import { findUserBySub, requireUserForUpdate, saveUser } from '../users/store.js';
import { openSession, spendSession, SESSION_INVALID } from '../auth/session.js';
import { challenge } from '../auth/step.js';
import { newSecret } from '../auth/software-token.js';
import { deviceData, sessionDevice } from '../auth/device.js';

/**
 * A new secret for the user's authenticator app: for a signed-in user (AccessToken), kept until
 * VerifySoftwareToken proves it; during sign-in (the MFA_SETUP Session), carried in the next Session.
 */
const AssociateSoftwareToken: Operation<AssociateSoftwareTokenRequest, AssociateSoftwareTokenResponse> = async (
  deps,
  _ctx,
  input,
) => {
  const { secretCode, sealed } = newSecret(deps);
  if (input.AccessToken !== undefined) {
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
  const state = openSession(deps.serverKey, input.Session, deps.now());
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
  return { SecretCode: secretCode, Session: next.Session };
};
export default AssociateSoftwareToken;
