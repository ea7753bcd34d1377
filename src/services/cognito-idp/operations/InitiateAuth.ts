import type { InitiateAuthRequest, InitiateAuthResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { getClientAndPool } from '../pools/store.js';
import { initiateAuth } from '../auth/initiate.js';
import { auditPasswordSignIn, signInName } from '../risk/audit.js';

const InitiateAuth: Operation<InitiateAuthRequest, InitiateAuthResponse> = async (deps, ctx, input) => {
  const { client, pool } = await getClientAndPool(deps.store.db, input.ClientId);
  return auditPasswordSignIn(deps, ctx.requestId, pool, client, signInName(input), input.UserContextData, (d) =>
    initiateAuth(d, 'public', pool, client, input.AuthFlow, input.AuthParameters, input.ClientMetadata),
  );
};
export default InitiateAuth;
