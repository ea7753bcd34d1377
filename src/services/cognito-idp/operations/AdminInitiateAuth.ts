import type { AdminInitiateAuthRequest, AdminInitiateAuthResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getClient, getPool } from '../pools/store.js';
import { initiateAuth } from '../auth/initiate.js';
import { auditPasswordSignIn, signInName } from '../risk/audit.js';

const AdminInitiateAuth: Operation<AdminInitiateAuthRequest, AdminInitiateAuthResponse> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const client = await getClient(deps.store.db, pool.id, input.ClientId);
  return auditPasswordSignIn(deps, ctx.requestId, pool, client, signInName(input), input.ContextData, (d) =>
    initiateAuth(d, 'admin', pool, client, input.AuthFlow, input.AuthParameters, input.ClientMetadata),
  );
};
export default AdminInitiateAuth;
