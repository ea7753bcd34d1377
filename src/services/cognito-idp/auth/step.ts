// A step of a sign-in: a challenge with the Session that remembers who answers it, or the end
// of the sign-in with its tokens.
import type { AuthenticationResultType, ChallengeNameType } from '@aws-sdk/client-cognito-identity-provider';
import type { Deps } from '../../context.js';
import type { Client, Pool } from '../pools/store.js';
import type { User } from '../users/store.js';
import { signInTokens } from '../tokens/issue.js';
import { deviceGroupKey, newDeviceKey } from '../devices/config.js';
import { sealSession } from './session.js';
import { postAuthentication } from '../triggers/authentication.js';
import { clientMetadataOf } from '../triggers/client-metadata.js';
import type { TokenSource } from '../triggers/pre-token-generation.js';

export interface AuthStep {
  ChallengeName?: ChallengeNameType;
  Session?: string;
  ChallengeParameters: Record<string, string>;
  AuthenticationResult?: AuthenticationResultType;
  /** choice-based sign-in's SELECT_CHALLENGE: what the user may choose */
  AvailableChallenges?: ChallengeNameType[];
}

/** Opens a challenge: its parameters, and a Session that remembers who answers it. */
export function challenge(
  deps: Deps,
  pool: Pool,
  client: Client,
  user: User,
  name: ChallengeNameType,
  parameters: Record<string, string>,
  data?: Record<string, unknown>,
): AuthStep {
  const validity = (client.config.AuthSessionValidity ?? 3) * 60_000;
  const Session = sealSession(deps.serverKey, {
    pool: pool.id,
    client: client.clientId,
    sub: user.sub,
    challenge: name,
    expiresAt: deps.now() + validity,
    ...(data ? { data } : {}),
  });
  return { ChallengeName: name, Session, ChallengeParameters: parameters };
}

/**
 * How a sign-in ends once every step is passed. The API's operations answer the tokens
 * (`finishSignIn` in ./device.ts, which ends in `signedIn`); managed login (../login/) ends it with its
 * own session instead, over the same steps. `deviceKey`: the device the sign-in named, if any;
 * `source`: the PreTokenGeneration trigger's source (TokenGeneration_Authentication when absent).
 */
export type Finish = (
  deps: Deps,
  pool: Pool,
  client: Client,
  user: User,
  deviceKey?: string,
  source?: TokenSource,
) => Promise<AuthStep>;

/**
 * The end of a sign-in: a new sign-in's tokens, bound to the device it named (`{ key }`), or on a
 * pool that tracks devices and a sign-in that named none (`'new'`), to a new device key, which
 * NewDeviceMetadata hands the client to confirm (ConfirmDevice). PostAuthentication runs first (no
 * tokens when the trigger refuses); it and PreTokenGeneration get the ClientMetadata of the
 * operations that pass it to them (triggers/client-metadata.ts).
 */
export async function signedIn(
  deps: Deps,
  pool: Pool,
  client: Client,
  user: User,
  device?: { key: string } | 'new',
  source?: TokenSource,
): Promise<AuthStep> {
  await postAuthentication(deps, pool, client, user, clientMetadataOf(deps));
  if (device !== 'new') {
    const result = await signInTokens(deps, pool, client, user, device?.key, undefined, source);
    return { ChallengeParameters: {}, AuthenticationResult: result };
  }
  const DeviceKey = newDeviceKey(pool.id);
  const result = await signInTokens(deps, pool, client, user, DeviceKey, undefined, source);
  return {
    ChallengeParameters: {},
    AuthenticationResult: {
      ...result,
      NewDeviceMetadata: { DeviceKey, DeviceGroupKey: deviceGroupKey(deps.serverKey, pool.id, user.sub) },
    },
  };
}
