import type {
  ResendConfirmationCodeRequest,
  ResendConfirmationCodeResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { InvalidParameterException, UserNotFoundException } from '../../../generated/cognito-idp/errors.js';
import { getClientAndPool } from '../pools/store.js';
import { checkSecretHash } from '../users/secret-hash.js';
import { findUser } from '../users/store.js';
import { issueCode, CODE_LIFETIME_MS } from '../users/codes.js';
import { signUpChannel, deliveryDetails } from '../messages/channels.js';
import { queueMessage, queueOptions } from '../messages/queue.js';
import { confirmLink } from '../confirm-link.js';
import { CLIENT_USER_NOT_FOUND, hidesUsers, simulatedDelivery } from '../users/recovery.js';

/**
 * Cognito's quota page: ResendConfirmationCode 5 per user per hour. Counted with the sign-up's own
 * code, which opens the window: that code and five more.
 */
const RESEND_LIMIT = { max: 6, windowMs: 3600_000 };

const ResendConfirmationCode: Operation<ResendConfirmationCodeRequest, ResendConfirmationCodeResponse> = async (
  deps,
  _ctx,
  input,
) => {
  const { client, pool } = await getClientAndPool(deps.store.db, input.ClientId);
  checkSecretHash(client, input.Username, input.SecretHash);
  const user = await findUser(deps.store.db, pool, input.Username);
  // PreventUserExistenceErrors: unknown and disabled users get a delivery that never happens
  // (developer guide, "Managing error responses").
  if (hidesUsers(client) && !user?.enabled)
    return { CodeDeliveryDetails: simulatedDelivery(deps.serverKey, pool, input.Username) };
  if (!user) throw new UserNotFoundException(CLIENT_USER_NOT_FOUND);
  if (user.status === 'CONFIRMED') throw new InvalidParameterException('User is already confirmed.');
  const channel = signUpChannel(pool, user);
  if (!channel) throw new InvalidParameterException('Cannot resend codes. Auto verification not turned on.');
  const now = deps.now();
  await deps.store.tx(async (trx) => {
    const code = await issueCode(
      trx,
      deps.serverKey,
      pool.id,
      user.sub,
      `signup:${channel.attribute}`,
      CODE_LIFETIME_MS.signup,
      now,
      { limit: RESEND_LIMIT },
    );
    await queueMessage(
      trx,
      pool,
      user,
      channel,
      'resend',
      { code, link: confirmLink(deps.publicUrl, client.clientId, user.username, code) },
      now,
      queueOptions(deps),
    );
  });
  return { CodeDeliveryDetails: deliveryDetails(channel) };
};
export default ResendConfirmationCode;
