import type { AdminCreateUserRequest } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { UnsupportedUserStateException, UserNotFoundException } from '../../../generated/cognito-idp/errors.js';
import { AwsError } from '../../../protocol/errors.js';
import { hashPassword } from '../../../crypto/passwords.js';
import { newUuid } from '../../../crypto/ids.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { checkAttributes } from '../users/attributes.js';
import { checkPassword } from '../users/password-policy.js';
import { resolveUsername, existsMessage } from '../users/username.js';
import { findUser, insertUser, userType, type User } from '../users/store.js';
import { temporaryPassword } from '../users/temporary-password.js';

const notYet = new AwsError('NotImplementedException', 'cognate does not send invitation messages yet; use MessageAction SUPPRESS.', 501);

const AdminCreateUser: Operation<AdminCreateUserRequest> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId!);
  if (input.MessageAction === 'RESEND') {
    const existing = await findUser(deps.store.db, pool, input.Username!);
    if (!existing) throw new UserNotFoundException('User does not exist.');
    if (existing.status !== 'FORCE_CHANGE_PASSWORD') throw new UnsupportedUserStateException('Resend not possible. ' + existing.username + ' status is not FORCE_CHANGE_PASSWORD');
  }
  // Invitation messages (no MessageAction, or RESEND) arrive with the messaging plane; until then
  // cognate says so rather than create a user whose invitation never goes out.
  if (input.MessageAction !== 'SUPPRESS') throw notYet;
  const sub = newUuid();
  const { username, attributes } = resolveUsername(pool, input.Username!, sub, checkAttributes(pool, input.UserAttributes, { creating: true }));
  const password = input.TemporaryPassword ?? temporaryPassword(pool);
  if (input.TemporaryPassword !== undefined) checkPassword(pool, password, 'password policy');
  const passwordHash = await hashPassword(password, deps.config.kdf);
  const now = deps.now();
  const user: User = { poolId: pool.id, sub, username, status: 'FORCE_CHANGE_PASSWORD', enabled: true, passwordHash, attributes, createdAt: now, updatedAt: now };
  await deps.store.tx((trx) => insertUser(trx, pool, user, existsMessage(pool, 'User account already exists')));
  return { User: userType(user) };
};
export default AdminCreateUser;
