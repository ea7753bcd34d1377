import type {
  GetIdentityProviderByIdentifierRequest,
  GetIdentityProviderByIdentifierResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { identityProviderType, providerByIdentifier } from '../idps/store.js';

const GetIdentityProviderByIdentifier: Operation<
  GetIdentityProviderByIdentifierRequest,
  GetIdentityProviderByIdentifierResponse
> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  return {
    IdentityProvider: identityProviderType(await providerByIdentifier(deps.store.db, pool.id, input.IdpIdentifier)),
  };
};
export default GetIdentityProviderByIdentifier;
