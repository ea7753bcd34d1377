// InitiateAuth and AdminInitiateAuth: one entry for both, told which side called. The flows
// either prove a password (or an SRP proof) and go on to afterPassword, redeem a refresh token
// (./refresh.ts), or start choice-based sign-in (../passwordless/user-auth.ts).
import { InvalidParameterException } from '../../../generated/cognito-idp/errors.js';
import type { Deps } from '../../context.js';
import type { Client, Pool } from '../pools/store.js';
import { checkSecretHash } from '../users/secret-hash.js';
import { refreshTokens } from './refresh.js';
import { startSrpAuth } from './srp.js';
import { startUserAuth } from '../passwordless/user-auth.js';
import { startCustomAuth } from './custom.js';
import {
  afterPassword,
  checkSignInState,
  flowAllowed,
  provePassword,
  requireParameter,
  type AuthFlow,
  type AuthStep,
} from './sign-in.js';

export type Side = 'public' | 'admin';

/** Which flows each operation takes, by the names the request may use. */
const FLOWS: Record<Side, Record<string, AuthFlow>> = {
  public: {
    USER_PASSWORD_AUTH: 'USER_PASSWORD_AUTH',
    USER_SRP_AUTH: 'USER_SRP_AUTH',
    REFRESH_TOKEN_AUTH: 'REFRESH_TOKEN_AUTH',
    REFRESH_TOKEN: 'REFRESH_TOKEN_AUTH',
    CUSTOM_AUTH: 'CUSTOM_AUTH',
    USER_AUTH: 'USER_AUTH',
  },
  admin: {
    ADMIN_USER_PASSWORD_AUTH: 'ADMIN_USER_PASSWORD_AUTH',
    ADMIN_NO_SRP_AUTH: 'ADMIN_USER_PASSWORD_AUTH',
    USER_SRP_AUTH: 'USER_SRP_AUTH',
    REFRESH_TOKEN_AUTH: 'REFRESH_TOKEN_AUTH',
    REFRESH_TOKEN: 'REFRESH_TOKEN_AUTH',
    CUSTOM_AUTH: 'CUSTOM_AUTH',
    USER_AUTH: 'USER_AUTH',
  },
};

export async function initiateAuth(
  deps: Deps,
  side: Side,
  pool: Pool,
  client: Client,
  requested: string,
  params: Record<string, string> | undefined,
  clientMetadata?: Record<string, string>,
): Promise<AuthStep> {
  const flow = FLOWS[side][requested];
  // AWS's texts: a flow the operation does not take (awsdocs/aws-doc-sdk-examples#5289, 2023;
  // soto-project/soto-cognito-authentication-kit#10), one the client does not allow
  // ("USER_PASSWORD_AUTH flow not enabled for this client" from InitiateAuth, "Auth flow not
  // enabled for this client" from AdminInitiateAuth, both in SDK errors of real calls found by code search).
  if (!flow) throw new InvalidParameterException('Initiate Auth method not supported.');
  if (!flowAllowed(client, flow)) {
    throw new InvalidParameterException(
      side === 'public' ? `${requested} flow not enabled for this client` : 'Auth flow not enabled for this client',
    );
  }
  switch (flow) {
    case 'USER_PASSWORD_AUTH':
    case 'ADMIN_USER_PASSWORD_AUTH': {
      const username = requireParameter(params, 'USERNAME');
      const password = requireParameter(params, 'PASSWORD');
      checkSecretHash(client, username, params?.SECRET_HASH, 'sign-in');
      const user = await provePassword(deps, pool, client, username, password, clientMetadata);
      checkSignInState(user, deps.now());
      return afterPassword(deps, pool, client, user, params?.DEVICE_KEY);
    }
    case 'REFRESH_TOKEN_AUTH': {
      const secretHash = params?.SECRET_HASH;
      return {
        ChallengeParameters: {},
        AuthenticationResult: await refreshTokens(deps, pool, client, requireParameter(params, 'REFRESH_TOKEN'), {
          rotate: false,
          deviceKey: params?.DEVICE_KEY,
          // Clients with a secret hash the refresh with the username; the sub is accepted too.
          proveClient: (user) => {
            try {
              checkSecretHash(client, user.username, secretHash, 'sign-in');
            } catch (e) {
              if (secretHash === undefined) throw e;
              checkSecretHash(client, user.sub, secretHash, 'sign-in');
            }
          },
        }),
      };
    }
    case 'USER_SRP_AUTH':
      return startSrpAuth(deps, pool, client, params, { clientMetadata });
    case 'USER_AUTH':
      return startUserAuth(deps, pool, client, params);
    case 'CUSTOM_AUTH':
      return startCustomAuth(deps, pool, client, params, clientMetadata);
    default:
      // Every flow of FLOWS is handled above; what reaches here is not one cognate knows:
      // cognate's words, an InvalidParameterException as for a flow not enabled.
      throw new InvalidParameterException(`cognate does not support the ${requested} flow yet.`);
  }
}
