import type {
  CreateIdentityProviderRequest,
  CreateIdentityProviderResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { checkName, mapping, providerConfig } from '../idps/config.js';
import type { ProviderType } from '../idps/details.js';
import { identityProviderType, insertProvider, type IdentityProvider } from '../idps/store.js';

const CreateIdentityProvider: Operation<CreateIdentityProviderRequest, CreateIdentityProviderResponse> = async (
  deps,
  ctx,
  input,
) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const type = input.ProviderType as ProviderType;
  checkName(input.ProviderName, type);
  const AttributeMapping = mapping(pool, type, input.AttributeMapping);
  const { details, encryption } = await providerConfig(
    deps,
    { poolId: pool.id, name: input.ProviderName, type },
    input.ProviderDetails ?? {},
  );
  const now = deps.now();
  const provider: IdentityProvider = {
    poolId: pool.id,
    name: input.ProviderName,
    type,
    details,
    attributeMapping: AttributeMapping,
    identifiers: input.IdpIdentifiers ?? [],
    createdAt: now,
    updatedAt: now,
    ...(encryption ? { encryption } : {}),
  };
  await deps.store.tx((trx) => insertProvider(trx, provider));
  return { IdentityProvider: identityProviderType(provider) };
};
export default CreateIdentityProvider;
