import type { AdminConfirmSignUpRequest, AdminConfirmSignUpResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { NotAuthorizedException } from '../../../generated/cognito-idp/errors.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { requireUserForUpdate, saveUser } from '../users/store.js';
import { confirmedAttributes, postConfirmation } from '../triggers/post-confirmation.js';

const AdminConfirmSignUp: Operation<AdminConfirmSignUpRequest, AdminConfirmSignUpResponse> = async (
  deps,
  ctx,
  input,
) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const user = await deps.store.tx(async (trx) => {
    const user = await requireUserForUpdate(trx, pool, input.Username);
    // Recorded for ConfirmSignUp (docs/reference/aws-recorded.md §4.2); assumed the same here.
    if (user.status !== 'UNCONFIRMED')
      throw new NotAuthorizedException(`User cannot be confirmed. Current status is ${user.status}`);
    user.status = 'CONFIRMED';
    user.updatedAt = deps.now();
    await saveUser(trx, pool, user);
    // The pending sign-up code has nothing left to confirm.
    await trx
      .deleteFrom('user_codes')
      .where('pool_id', '=', pool.id)
      .where('sub', '=', user.sub)
      .where('purpose', 'like', 'signup:%')
      .execute();
    return user;
  });
  // AdminConfirmSignUp invokes PostConfirmation as ConfirmSignUp does (API reference), after commit.
  await postConfirmation(deps, pool, 'PostConfirmation_ConfirmSignUp', {
    userName: user.username,
    attributes: confirmedAttributes(user),
    clientMetadata: input.ClientMetadata,
  });
  return {};
};
export default AdminConfirmSignUp;
