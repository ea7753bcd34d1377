import type { GlobalSignOutRequest, GlobalSignOutResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { authenticate } from '../tokens/verify.js';
import { revokeAllOf } from '../tokens/refresh.js';

/** Every refresh token of the user stops working, and with them every access token they issued. */
const GlobalSignOut: Operation<GlobalSignOutRequest, GlobalSignOutResponse> = async (deps, _ctx, input) => {
  const { pool, user } = await authenticate(deps, input.AccessToken);
  await revokeAllOf(deps.store.db, pool.id, user.sub, deps.now());
  return {};
};
export default GlobalSignOut;
