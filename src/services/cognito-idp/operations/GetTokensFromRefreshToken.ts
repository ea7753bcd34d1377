import type {
  GetTokensFromRefreshTokenRequest,
  GetTokensFromRefreshTokenResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { getClientAndPool } from '../pools/store.js';
import { checkClientSecret } from '../users/secret-hash.js';
import { refreshTokens, rotates } from '../auth/refresh.js';

/**
 * New id and access tokens from a refresh token, and on a client with refresh token rotation a new
 * refresh token in place of the one given. The client's ExplicitAuthFlows are not consulted: AWS has
 * rotating clients leave REFRESH_TOKEN_AUTH out and refresh here. ClientMetadata reaches the
 * PreTokenGeneration trigger (triggers/client-metadata.ts). DeviceKey names the device a
 * sign-in on a pool that tracks devices is bound to (auth/refresh.ts).
 */
const GetTokensFromRefreshToken: Operation<
  GetTokensFromRefreshTokenRequest,
  GetTokensFromRefreshTokenResponse
> = async (deps, _ctx, input) => {
  const { client, pool } = await getClientAndPool(deps.store.db, input.ClientId);
  checkClientSecret(client, input.ClientSecret);
  return {
    AuthenticationResult: await refreshTokens(deps, pool, client, input.RefreshToken, {
      rotate: rotates(client),
      deviceKey: input.DeviceKey,
    }),
  };
};
export default GetTokensFromRefreshToken;
