import type { DeleteIdentityProviderRequest } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { deleteProvider, noSuchProvider } from '../idps/store.js';
import { refreshIdentities, unlinkProvider } from '../idps/links.js';
import { forgetProvider } from '../idps/clients.js';

/**
 * Deletes the IdP, the identities linked through it, and its name from the app clients that list
 * it. What AWS does with a client that still lists a deleted IdP is not on record; it does not
 * refuse the deletion (Terraform and CloudFormation delete an IdP and its clients in either order),
 * and a client listing an IdP the pool no longer has could not be updated as described, so the name
 * goes with the IdP.
 */
const DeleteIdentityProvider: Operation<DeleteIdentityProviderRequest, void> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  await deps.store.tx(async (trx) => {
    if (!(await deleteProvider(trx, pool.id, input.ProviderName))) throw noSuchProvider(input.ProviderName);
    await refreshIdentities(trx, pool, await unlinkProvider(trx, pool, input.ProviderName));
    await forgetProvider(trx, pool.id, input.ProviderName, deps.now());
  });
};
export default DeleteIdentityProvider;
