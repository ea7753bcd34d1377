import type { AdminGetUserRequest, AdminGetUserResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { attributeList, requireUserViewInPool } from '../users/store.js';
import { mfaFields } from '../users/mfa.js';

const AdminGetUser: Operation<AdminGetUserRequest, AdminGetUserResponse> = async (deps, ctx, input) => {
  const user = await requireUserViewInPool(deps.store.db, callerOf(ctx), input.UserPoolId, input.Username);
  return {
    Username: user.username,
    UserAttributes: attributeList(user),
    UserCreateDate: new Date(user.createdAt),
    UserLastModifiedDate: new Date(user.updatedAt),
    Enabled: user.enabled,
    UserStatus: user.status,
    ...mfaFields(user),
  };
};
export default AdminGetUser;
