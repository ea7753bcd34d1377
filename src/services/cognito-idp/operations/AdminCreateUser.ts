import type { AdminCreateUserRequest, AdminCreateUserResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Deps, Operation } from '../../context.js';
import type { Validated } from '../../../kernel/operation.js';
import { UnsupportedUserStateException, UserNotFoundException } from '../../../generated/cognito-idp/errors.js';
import { newUuid } from '../../../crypto/ids.js';
import { callerOf } from '../caller.js';
import { getPool, type Pool } from '../pools/store.js';
import { checkAttributes } from '../users/attributes.js';
import { checkPassword } from '../users/password-policy.js';
import { resolveUsername, existsMessage } from '../users/username.js';
import { findUser, findUserForUpdate, insertUser, newUser, saveUser, userType, type User } from '../users/store.js';
import { temporaryPassword } from '../users/temporary-password.js';
import { applyPassword, preparePassword } from '../users/password.js';
import { queueOptions } from '../messages/queue.js';
import {
  claimVerifiedAliases,
  invitationChannels,
  queueInvitation,
  temporaryPasswordExpiresAt,
} from '../users/invitation.js';
import { preSignUp } from '../triggers/pre-sign-up.js';
import { customMessage } from '../triggers/custom-message.js';

/** The admin's TemporaryPassword, held to the pool's policy, or a generated one that meets it. */
function chooseTemporaryPassword(pool: Pool, given: string | undefined): string {
  if (given === undefined) return temporaryPassword(pool);
  checkPassword(pool, given, 'password policy');
  return given;
}

/**
 * RESEND for a user who has signed in. AWS's text is not on record; emulators word it so and
 * client code matches on "status is not FORCE_CHANGE_PASSWORD" (code search): kept.
 */
function requireResendable(user: User | undefined): asserts user is User {
  if (!user) throw new UserNotFoundException('User does not exist.');
  if (user.status !== 'FORCE_CHANGE_PASSWORD')
    throw new UnsupportedUserStateException(
      `Resend not possible. ${user.username} status is not FORCE_CHANGE_PASSWORD`,
    );
}

/**
 * RESEND: a new temporary password (the admin's or a generated one) whose validity starts over,
 * and the invitation again (MessageActionType doc). The attributes of the request are not applied.
 */
async function resend(deps: Deps, pool: Pool, input: Validated<AdminCreateUserRequest>) {
  const found = await findUser(deps.store.db, pool, input.Username);
  requireResendable(found);
  // Refuse a missing address before paying for the KDF; checked again under the lock.
  invitationChannels(found.attributes, input.DesiredDeliveryMediums);
  const password = chooseTemporaryPassword(pool, input.TemporaryPassword);
  // The KDF runs before the transaction opens: no lock is held while it burns CPU.
  const prepared = await preparePassword(deps, pool, found.username, password);
  const custom = await customMessage(deps, pool, 'CustomMessage_AdminCreateUser', found, {
    clientMetadata: input.ClientMetadata,
  });
  const now = deps.now();
  const user = await deps.store.tx(async (trx) => {
    // Read again under the row lock: the checks must still hold when the new password lands.
    const locked = await findUserForUpdate(trx, pool, input.Username);
    requireResendable(locked);
    const channels = invitationChannels(locked.attributes, input.DesiredDeliveryMediums);
    applyPassword(locked, prepared, temporaryPasswordExpiresAt(pool, now));
    locked.updatedAt = now;
    await saveUser(trx, pool, locked);
    await queueInvitation(trx, pool, locked, channels, password, now, queueOptions(deps), custom);
    return locked;
  });
  return { User: userType(user) };
}

const AdminCreateUser: Operation<AdminCreateUserRequest, AdminCreateUserResponse> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  if (input.MessageAction === 'RESEND') return resend(deps, pool, input);
  const sub = newUuid();
  const { username, attributes } = resolveUsername(
    pool,
    input.Username,
    sub,
    checkAttributes(pool, input.UserAttributes, { creating: true }),
  );
  const channels =
    input.MessageAction === 'SUPPRESS' ? [] : invitationChannels(attributes, input.DesiredDeliveryMediums);
  const password = chooseTemporaryPassword(pool, input.TemporaryPassword);
  // Triggers run before the transaction opens: a call leaves the process (triggers/invoke.ts).
  const answer = await preSignUp(deps, pool, 'PreSignUp_AdminCreateUser', {
    userName: username,
    attributes,
    validationData: input.ValidationData
      ? Object.fromEntries(input.ValidationData.map((a) => [a.Name, a.Value ?? '']))
      : undefined,
    clientMetadata: input.ClientMetadata,
  });
  if (answer?.autoVerifyEmail && attributes.email) attributes.email_verified = 'true';
  if (answer?.autoVerifyPhone && attributes.phone_number) attributes.phone_number_verified = 'true';
  const prepared = await preparePassword(deps, pool, username, password);
  const now = deps.now();
  const user = newUser(pool, sub, username, 'FORCE_CHANGE_PASSWORD', attributes, now);
  const custom = channels.length
    ? await customMessage(deps, pool, 'CustomMessage_AdminCreateUser', user, { clientMetadata: input.ClientMetadata })
    : undefined;
  applyPassword(user, prepared, temporaryPasswordExpiresAt(pool, now));
  await deps.store.tx(async (trx) => {
    // Aliases first: a verified alias held by another user is AliasExistsException (or moves, if
    // forced), not the unique sign-in name's UsernameExistsException.
    await claimVerifiedAliases(trx, pool, user, input.ForceAliasCreation ?? false, now);
    await insertUser(trx, pool, user, existsMessage(pool, input.Username, 'User account already exists'));
    await queueInvitation(trx, pool, user, channels, password, now, queueOptions(deps), custom);
  });
  return { User: userType(user) };
};
export default AdminCreateUser;
