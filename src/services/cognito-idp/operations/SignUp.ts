import type { SignUpRequest, SignUpResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import {
  InvalidParameterException,
  LimitExceededException,
  NotAuthorizedException,
} from '../../../generated/cognito-idp/errors.js';
import { newUuid } from '../../../crypto/ids.js';
import { getClientAndPool } from '../pools/store.js';
import { checkSecretHash } from '../users/secret-hash.js';
import { checkAttributes } from '../users/attributes.js';
import { checkPassword } from '../users/password-policy.js';
import { resolveUsername, existsMessage } from '../users/username.js';
import { insertUser, newUser } from '../users/store.js';
import { applyPassword, preparePassword } from '../users/password.js';
import { issueCode, CODE_LIFETIME_MS } from '../users/codes.js';
import { signUpChannel, deliveryDetails } from '../messages/channels.js';
import { queueMessage, queueOptions } from '../messages/queue.js';
import { confirmLink } from '../confirm-link.js';
import { failAfterCommit } from '../../../store/store.js';
import { eventContext, recordEvent } from '../risk/events.js';
import { attributeMap, preSignUp } from '../triggers/pre-sign-up.js';
import { customMessage } from '../triggers/custom-message.js';

const SignUp: Operation<SignUpRequest, SignUpResponse> = async (deps, _ctx, input) => {
  const context = eventContext(input.UserContextData);
  const { client, pool } = await getClientAndPool(deps.store.db, input.ClientId);
  checkSecretHash(client, input.Username, input.SecretHash);
  // Recorded in a raw 400 body (pmill/aws-cognito#37, 2020).
  if (pool.config.AdminCreateUserConfig?.AllowAdminCreateUserOnly)
    throw new NotAuthorizedException('SignUp is not permitted for this user pool');
  const sub = newUuid();
  const { username, attributes } = resolveUsername(
    pool,
    input.Username,
    sub,
    checkAttributes(pool, input.UserAttributes, { creating: true }),
  );
  if (input.Password !== undefined) checkPassword(pool, input.Password);
  else if (
    !(pool.config.Policies?.SignInPolicy?.AllowedFirstAuthFactors ?? ['PASSWORD']).some((f) => f !== 'PASSWORD')
  ) {
    // A user without a password can only sign in where passwordless factors are allowed (model
    // doc of SignUpRequest.Password). AWS's text for this refusal is not on record: cognate's words.
    throw new InvalidParameterException(
      'Password is required: this user pool allows no passwordless sign-in (Policies.SignInPolicy.AllowedFirstAuthFactors).',
    );
  }
  // Triggers run before the transaction opens: a call leaves the process (triggers/invoke.ts).
  const answer = await preSignUp(deps, pool, 'PreSignUp_SignUp', {
    userName: username,
    attributes,
    clientId: client.clientId,
    validationData: input.ValidationData ? attributeMap(input.ValidationData) : undefined,
    clientMetadata: input.ClientMetadata,
  });
  if (answer?.autoVerifyEmail && attributes.email) attributes.email_verified = 'true';
  if (answer?.autoVerifyPhone && attributes.phone_number) attributes.phone_number_verified = 'true';
  const confirmed = answer?.autoConfirmUser === true;
  // The KDF runs before the transaction opens: no lock is held while it burns CPU.
  const prepared =
    input.Password !== undefined ? await preparePassword(deps, pool, username, input.Password) : undefined;
  const now = deps.now();
  const user = newUser(pool, sub, username, confirmed ? 'CONFIRMED' : 'UNCONFIRMED', attributes, now);
  if (prepared) applyPassword(user, prepared);
  // An auto-confirmed user is sent no code (developer guide, "Pre sign-up Lambda trigger").
  const channel = confirmed ? undefined : signUpChannel(pool, user);
  const custom = channel
    ? await customMessage(deps, pool, 'CustomMessage_SignUp', user, {
        clientId: client.clientId,
        clientMetadata: input.ClientMetadata,
      })
    : undefined;
  await deps.store.tx(async (trx) => {
    await insertUser(trx, pool, user, existsMessage(pool, input.Username, 'User already exists'));
    await recordEvent(deps, trx, pool, user, {
      type: 'SignUp',
      response: 'Pass',
      clientId: client.clientId,
      ...(context ? { context } : {}),
    });
    if (!channel) return;
    const code = await issueCode(
      trx,
      deps.serverKey,
      pool.id,
      sub,
      `signup:${channel.attribute}`,
      CODE_LIFETIME_MS.signup,
      now,
    );
    try {
      await queueMessage(
        trx,
        pool,
        user,
        channel,
        'signup',
        { code, link: confirmLink(deps.publicUrl, client.clientId, user.username, code), custom },
        now,
        queueOptions(deps),
      );
    } catch (e) {
      // Over the default sender's daily quota AWS still creates the user, UNCONFIRMED, and then
      // answers LimitExceededException (SignUp's documentation); a later resend can reach them.
      if (!(e instanceof LimitExceededException)) throw e;
      failAfterCommit(trx, e);
    }
  });
  return {
    UserConfirmed: confirmed,
    UserSub: sub,
    ...(channel ? { CodeDeliveryDetails: deliveryDetails(channel) } : {}),
  };
};
export default SignUp;
