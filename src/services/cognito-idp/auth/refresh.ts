// Renewing a sign-in's tokens from its refresh token: the REFRESH_TOKEN_AUTH flow of InitiateAuth
// and AdminInitiateAuth, and GetTokensFromRefreshToken, which alone rotates refresh tokens.
import type { AuthenticationResultType } from '@aws-sdk/client-cognito-identity-provider';
import { NotAuthorizedException, RefreshTokenReuseException } from '../../../generated/cognito-idp/errors.js';
import type { AwsError } from '../../../kernel/errors.js';
import type { Deps } from '../../context.js';
import type { Client, Pool } from '../pools/store.js';
import { findUserBySub, type User } from '../users/store.js';
import { accessAndIdTokens } from '../tokens/issue.js';
import { redeemRefreshToken, rotateRefreshToken, type Refused } from '../tokens/refresh.js';
import { tracksDevices } from '../devices/config.js';
import { findDevice } from '../devices/store.js';

/** Recorded with a period (aws-sdk-cpp#1789); the revoked and expired texts have none. */
/** Recorded in a raw 400 body (aws/aws-sdk-cpp#1789, 2021) and from GetTokensFromRefreshToken (aws/aws-sdk-js-v3#7162, 2025). */
export const INVALID_REFRESH = 'Invalid Refresh Token.';

const REFUSALS: Record<Refused['refused'], () => AwsError> = {
  // Also a token of another app client (AWS knowledge center, "cognito-invalid-refresh-token-error").
  invalid: () => new NotAuthorizedException(INVALID_REFRESH),
  // Recorded (aws-amplify/amplify-swift#3344, x-amzn-ErrorMessage, 2023).
  revoked: () => new NotAuthorizedException('Refresh Token has been revoked'),
  // Recorded from Cognito's answer (aws-amplify/amplify-swift#3496, x-amzn-ErrorMessage).
  expired: () => new NotAuthorizedException('Refresh Token has expired'),
  // The exception is AWS's (the model: a token "invalidated by refresh-token rotation"); its text
  // is cognate's wording, AWS's is not on record.
  reused: () => new RefreshTokenReuseException('Refresh Token has been invalidated by refresh token rotation'),
};

/** Whether the client rotates refresh tokens (its RefreshTokenRotation, off unless ENABLED). */
export const rotates = (client: Client) => client.config.RefreshTokenRotation?.Feature === 'ENABLED';

export interface RefreshOptions {
  /** issue a new refresh token in place of the one given (GetTokensFromRefreshToken on a rotating client) */
  rotate: boolean;
  /** proves the caller is the client, once the token's user is known (REFRESH_TOKEN_AUTH's SECRET_HASH) */
  proveClient?: (user: User) => void;
  /** the DEVICE_KEY (DeviceKey) the request gave */
  deviceKey?: string | undefined;
}

/**
 * "With device tracking, these tokens are linked to a single device. If a refresh token is used on
 * any other device, the call fails. [...] the ForgetDevice API can be used to forget that specific
 * device, and as a result, all future calls to revalidate that device's refresh tokens will fail"
 * (AWS's blog, "Tracking and Remembering Devices Using Amazon Cognito Your User Pools"). The call
 * names its device with DEVICE_KEY, and the device must be one the user confirmed; AWS answers
 * "Invalid Refresh Token." without it, or before ConfirmDevice (aws/aws-sdk-java#2841,
 * aws/aws-sdk-net-extensions-cognito#85, aws-amplify/aws-sdk-android#1469). A pool that stopped
 * tracking devices no longer asks.
 */
async function checkDevice(
  deps: Deps,
  pool: Pool,
  user: User,
  bound: string | undefined,
  given: string | undefined,
): Promise<void> {
  if (bound === undefined || !tracksDevices(pool)) return;
  if (given !== bound || !(await findDevice(deps.store.db, pool.id, user.sub, bound)))
    throw new NotAuthorizedException(INVALID_REFRESH);
}

/** New id and access tokens for the sign-in a refresh token of this client belongs to, and a new refresh token when rotating. */
export async function refreshTokens(
  deps: Deps,
  pool: Pool,
  client: Client,
  token: string,
  opts: RefreshOptions,
): Promise<AuthenticationResultType> {
  const now = deps.now();
  const grant = await redeemRefreshToken(deps.store.db, deps.serverKey, pool.id, client.clientId, token, now);
  if ('refused' in grant) throw REFUSALS[grant.refused]();
  const user = await findUserBySub(deps.store.db, pool.id, grant.sub);
  if (!user) throw new NotAuthorizedException(INVALID_REFRESH);
  opts.proveClient?.(user);
  await checkDevice(deps, pool, user, grant.signIn.deviceKey, opts.deviceKey);
  if (!user.enabled) throw new NotAuthorizedException('User is disabled.');
  let refreshToken: string | undefined;
  if (opts.rotate) {
    // The grace period is optional on AWS with no default on record; without one, none (0: "a
    // successful request immediately invalidates the submitted refresh token").
    const grace = client.config.RefreshTokenRotation?.RetryGracePeriodSeconds ?? 0;
    const rotated = await deps.store.tx((trx) => rotateRefreshToken(trx, deps.serverKey, grant, grace, now));
    if ('refused' in rotated) throw REFUSALS[rotated.refused]();
    refreshToken = rotated.token;
  }
  const tokens = await accessAndIdTokens(deps, pool, client, user, grant.signIn, {}, 'TokenGeneration_RefreshTokens');
  return refreshToken ? { ...tokens, RefreshToken: refreshToken } : tokens;
}
