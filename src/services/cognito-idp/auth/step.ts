// A step of a sign-in: a challenge with the Session that remembers who answers it, or the end
// of the sign-in with its tokens.
import type { AuthenticationResultType, ChallengeNameType } from '@aws-sdk/client-cognito-identity-provider';
import type { Deps } from '../../context.js';
import type { Client, Pool } from '../pools/store.js';
import type { User } from '../users/store.js';
import { signInTokens } from '../tokens/issue.js';
import { sealSession } from './session.js';
import { postAuthentication } from '../triggers/authentication.js';
import type { TokenSource } from '../triggers/pre-token-generation.js';

export interface AuthStep {
  ChallengeName?: ChallengeNameType;
  Session?: string;
  ChallengeParameters: Record<string, string>;
  AuthenticationResult?: AuthenticationResultType;
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

/** The end of a sign-in: PostAuthentication, then a new sign-in's tokens (none when the trigger refuses). */
export async function signedIn(
  deps: Deps,
  pool: Pool,
  client: Client,
  user: User,
  source?: TokenSource,
): Promise<AuthStep> {
  await postAuthentication(deps, pool, client, user);
  return { ChallengeParameters: {}, AuthenticationResult: await signInTokens(deps, pool, client, user, source) };
}
