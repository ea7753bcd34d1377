// Signing up and resending the sign-up code: what SignUp and ResendConfirmationCode do once the
// client and its secret hash are checked. The operations and the managed login sign-up pages
// (../login/sign-up.ts, ../login/confirm.ts) both call these, so a page's sign-up is the API's:
// the same checks, password policy, limits, events and messages through the outbox.
import type {
  AttributeType,
  CodeDeliveryDetailsType,
  SignUpResponse,
  UserContextDataType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Deps } from '../../context.js';
import {
  InvalidParameterException,
  LimitExceededException,
  NotAuthorizedException,
  UserNotFoundException,
} from '../../../generated/cognito-idp/errors.js';
import { newUuid } from '../../../crypto/ids.js';
import type { Client, Pool } from '../pools/store.js';
import { checkAttributes } from './attributes.js';
import { checkPassword } from './password-policy.js';
import { allowsPasswordless } from '../pools/sign-in-policy.js';
import { resolveUsername, existsMessage } from './username.js';
import { findUser, insertUser, newUser } from './store.js';
import { applyPassword, preparePassword } from './password.js';
import { issueCode, CODE_LIFETIME_MS } from './codes.js';
import { forgetOldCounters, nameSubject, RESEND_ATTEMPTS, takeAttempt, userSubject } from './limits.js';
import { CLIENT_USER_NOT_FOUND, hidesUsers, simulatedDelivery } from './recovery.js';
import { signUpChannel, deliveryDetails } from '../messages/channels.js';
import { queueMessage, queueOptions, refuseAsSpentQuota } from '../messages/queue.js';
import { confirmLink } from '../confirm-link.js';
import { failAfterCommit } from '../../../store/store.js';
import { eventContext, recordEvent } from '../risk/events.js';
import { attributeMap, preSignUp } from '../triggers/pre-sign-up.js';
import { customMessage } from '../triggers/custom-message.js';

export interface SignUpInput {
  Username: string;
  Password?: string;
  UserAttributes?: AttributeType[];
  UserContextData?: UserContextDataType;
  ValidationData?: AttributeType[];
  ClientMetadata?: Record<string, string>;
}

/** SignUp for a client whose secret hash (if any) is already checked. */
export async function signUp(deps: Deps, pool: Pool, client: Client, input: SignUpInput): Promise<SignUpResponse> {
  const context = eventContext(input.UserContextData);
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
  // "To create a user with no password, omit this parameter or submit a blank value" (SignUpRequest.Password).
  const password = input.Password ? input.Password : undefined;
  if (password !== undefined) checkPassword(pool, password);
  else if (!allowsPasswordless(pool.config)) {
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
  const prepared = password !== undefined ? await preparePassword(deps, pool, username, password) : undefined;
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
}

/**
 * AWS's refusal for a pool that verifies nothing, recorded as a NotAuthorizedException (a raw 400
 * body `{"__type":"NotAuthorizedException","message":"Cannot resend codes. Auto verification not
 * turned on."}` in a public Amplify repro, 2021, and the SDK's `NotAuthorizedException: Cannot
 * resend codes...` in another project's notes, both found by code search). For a user who has
 * nowhere to receive the code AWS's answer is not on record: cognate gives the same one.
 */
const noAutoVerification = () => new NotAuthorizedException('Cannot resend codes. Auto verification not turned on.');

/**
 * ResendConfirmationCode for a client whose secret hash is checked: at most five an hour per user
 * (RESEND_ATTEMPTS). A client hiding user existence answers unknown and disabled users with a
 * delivery that never happens (developer guide, "Managing user existence error responses"); how
 * it answers a user who is already confirmed, or has nowhere to receive a code, is not on record,
 * and "User is already confirmed." would tell a user from a made-up name, so they are answered
 * the same way. Those answers are counted and refused as a real resend is (the hour's limit, the
 * default sender's quota).
 */
export async function resendSignUpCode(
  deps: Deps,
  pool: Pool,
  client: Client,
  username: string,
  contextData?: UserContextDataType,
  clientMetadata?: Record<string, string>,
): Promise<CodeDeliveryDetailsType> {
  const hide = hidesUsers(client);
  // A pool-wide refusal: for a hiding client it comes before the look-up, so it says nothing about the user.
  if (hide && !pool.config.AutoVerifiedAttributes?.length) throw noAutoVerification();
  const user = await findUser(deps.store.db, pool, username);
  if (!user && !hide) throw new UserNotFoundException(CLIENT_USER_NOT_FOUND);
  const channel = user && signUpChannel(pool, user);
  const now = deps.now();
  const sends = user?.enabled && user.status !== 'CONFIRMED' && channel;
  if (hide && !sends) {
    const shown =
      user?.enabled && channel ? deliveryDetails(channel) : simulatedDelivery(deps.serverKey, pool, username);
    const subject = user ? userSubject(user.sub) : nameSubject(deps.serverKey, pool, username);
    await deps.store.tx(async (trx) => {
      await takeAttempt(trx, pool.id, subject, RESEND_ATTEMPTS, now);
      await refuseAsSpentQuota(trx, pool, shown.DeliveryMedium, now, queueOptions(deps));
    });
    await forgetOldCounters(deps.store.db, pool.id, now);
    return shown;
  }
  if (!user) throw new UserNotFoundException(CLIENT_USER_NOT_FOUND);
  // Recorded (docs/reference/aws-recorded.md §4.2, amazon-archives/amazon-cognito-identity-js#525).
  if (user.status === 'CONFIRMED') throw new InvalidParameterException('User is already confirmed.');
  if (!channel) throw noAutoVerification();
  const custom = await customMessage(deps, pool, 'CustomMessage_ResendCode', user, {
    clientId: client.clientId,
    ...(clientMetadata ? { clientMetadata } : {}),
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
  const context = eventContext(contextData);
  await recordEvent(deps, deps.store.db, pool, user, {
    type: 'ResendCode',
    response: 'Pass',
    clientId: client.clientId,
    ...(context ? { context } : {}),
  });
  return deliveryDetails(channel);
}
