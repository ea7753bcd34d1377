import type {
  ResendConfirmationCodeRequest,
  ResendConfirmationCodeResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { customMessage } from '../triggers/custom-message.js';
import {
  InvalidParameterException,
  NotAuthorizedException,
  UserNotFoundException,
} from '../../../generated/cognito-idp/errors.js';
import { getClientAndPool } from '../pools/store.js';
import { checkSecretHash } from '../users/secret-hash.js';
import { findUser } from '../users/store.js';
import { issueCode, CODE_LIFETIME_MS } from '../users/codes.js';
import { forgetOldCounters, nameSubject, RESEND_ATTEMPTS, takeAttempt, userSubject } from '../users/limits.js';
import { signUpChannel, deliveryDetails } from '../messages/channels.js';
import { queueMessage, queueOptions, refuseAsSpentQuota } from '../messages/queue.js';
import { confirmLink } from '../confirm-link.js';
import { eventContext, recordEvent } from '../risk/events.js';
import { CLIENT_USER_NOT_FOUND, hidesUsers, simulatedDelivery } from '../users/recovery.js';

/**
 * AWS's refusal for a pool that verifies nothing, recorded as a NotAuthorizedException (a raw 400
 * body `{"__type":"NotAuthorizedException","message":"Cannot resend codes. Auto verification not
 * turned on."}` in a public Amplify repro, 2021, and the SDK's `NotAuthorizedException: Cannot
 * resend codes...` in another project's notes, both found by code search). For a user who has
 * nowhere to receive the code AWS's answer is not on record: cognate gives the same one.
 */
const noAutoVerification = () => new NotAuthorizedException('Cannot resend codes. Auto verification not turned on.');

/**
 * Resends a sign-up code, at most five an hour per user (RESEND_ATTEMPTS). A client hiding user
 * existence answers unknown and disabled users with a delivery that never happens (developer
 * guide, "Managing user existence error responses"); how it answers a user who is already
 * confirmed, or has nowhere to receive a code, is not on record, and "User is already confirmed."
 * would tell a user from a made-up name, so they are answered the same way. Those answers are
 * counted and refused as a real resend is (the hour's limit, the default sender's quota).
 */
const ResendConfirmationCode: Operation<ResendConfirmationCodeRequest, ResendConfirmationCodeResponse> = async (
  deps,
  _ctx,
  input,
) => {
  const { client, pool } = await getClientAndPool(deps.store.db, input.ClientId);
  checkSecretHash(client, input.Username, input.SecretHash);
  const hide = hidesUsers(client);
  // A pool-wide refusal: for a hiding client it comes before the look-up, so it says nothing about the user.
  if (hide && !pool.config.AutoVerifiedAttributes?.length) throw noAutoVerification();
  const user = await findUser(deps.store.db, pool, input.Username);
  if (!user && !hide) throw new UserNotFoundException(CLIENT_USER_NOT_FOUND);
  const channel = user && signUpChannel(pool, user);
  const now = deps.now();
  const sends = user?.enabled && user.status !== 'CONFIRMED' && channel;
  if (hide && !sends) {
    const shown =
      user?.enabled && channel ? deliveryDetails(channel) : simulatedDelivery(deps.serverKey, pool, input.Username);
    const subject = user ? userSubject(user.sub) : nameSubject(deps.serverKey, pool, input.Username);
    await deps.store.tx(async (trx) => {
      await takeAttempt(trx, pool.id, subject, RESEND_ATTEMPTS, now);
      await refuseAsSpentQuota(trx, pool, shown.DeliveryMedium, now, queueOptions(deps));
    });
    await forgetOldCounters(deps.store.db, pool.id, now);
    return { CodeDeliveryDetails: shown };
  }
  if (!user) throw new UserNotFoundException(CLIENT_USER_NOT_FOUND);
  // Recorded (docs/reference/aws-recorded.md §4.2, amazon-archives/amazon-cognito-identity-js#525).
  if (user.status === 'CONFIRMED') throw new InvalidParameterException('User is already confirmed.');
  if (!channel) throw noAutoVerification();
  const custom = await customMessage(deps, pool, 'CustomMessage_ResendCode', user, {
    clientId: client.clientId,
    ...(input.ClientMetadata ? { clientMetadata: input.ClientMetadata } : {}),
  });
  await deps.store.tx(async (trx) => {
    await takeAttempt(trx, pool.id, userSubject(user.sub), RESEND_ATTEMPTS, now);
    const code = await issueCode(
      trx,
      deps.serverKey,
      pool.id,
      user.sub,
      `signup:${channel.attribute}`,
      CODE_LIFETIME_MS.signup,
      now,
    );
    await queueMessage(
      trx,
      pool,
      user,
      channel,
      'resend',
      { code, link: confirmLink(deps.publicUrl, client.clientId, user.username, code), custom },
      now,
      queueOptions(deps),
    );
  });
  await forgetOldCounters(deps.store.db, pool.id, now);
  const context = eventContext(input.UserContextData);
  await recordEvent(deps, deps.store.db, pool, user, {
    type: 'ResendCode',
    response: 'Pass',
    clientId: client.clientId,
    ...(context ? { context } : {}),
  });
  return { CodeDeliveryDetails: deliveryDetails(channel) };
};
export default ResendConfirmationCode;
