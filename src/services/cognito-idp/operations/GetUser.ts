import type { GetUserRequest, GetUserResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { authenticate } from '../tokens/verify.js';
import { attributeList } from '../users/store.js';
import { mfaFields } from '../users/mfa.js';

const GetUser: Operation<GetUserRequest, GetUserResponse> = async (deps, _ctx, input) => {
  const { user } = await authenticate(deps, input.AccessToken);
  return { Username: user.username, UserAttributes: attributeList(user), ...mfaFields(user) };
};
export default GetUser;
