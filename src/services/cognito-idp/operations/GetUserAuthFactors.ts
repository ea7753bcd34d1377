import type { GetUserAuthFactorsRequest, GetUserAuthFactorsResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { authenticate } from '../tokens/verify.js';
import { userAuthFactors } from '../passwordless/factors.js';

const GetUserAuthFactors: Operation<GetUserAuthFactorsRequest, GetUserAuthFactorsResponse> = async (
  deps,
  _ctx,
  input,
) => {
  const { pool, user } = await authenticate(deps, input.AccessToken);
  return userAuthFactors(deps.store.db, pool, user);
};
export default GetUserAuthFactors;
