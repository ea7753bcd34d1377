import type { AdminGetUserRequest } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { attributeList, requireUserView } from '../users/store.js';
import { mfaFields } from '../users/mfa.js';
import { epochSeconds } from '../wire.js';
import { changeMark } from '../../../store/prepared.js';

const AdminGetUser: Operation<AdminGetUserRequest> = async (deps, ctx, input) => {
  // One change mark for both reads: the answer is the pool and user as they were when it was taken.
  const mark = changeMark(deps.store.db);
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId!, mark);
  const user = await requireUserView(deps.store.db, pool, input.Username!, mark);
  return {
    Username: user.username,
    UserAttributes: attributeList(user),
    UserCreateDate: epochSeconds(user.createdAt),
    UserLastModifiedDate: epochSeconds(user.updatedAt),
    Enabled: user.enabled,
    UserStatus: user.status,
    ...mfaFields(user),
  };
};
export default AdminGetUser;
