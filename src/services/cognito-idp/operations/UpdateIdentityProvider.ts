import type {
  UpdateIdentityProviderRequest,
  UpdateIdentityProviderResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { mapping, providerConfig } from '../idps/config.js';
import type { ProviderType } from '../idps/details.js';
import { identityProviderType, requireProvider, saveProvider } from '../idps/store.js';

/** Replaces what is sent (ProviderDetails whole, with its derived keys made again), keeps the rest. */
const UpdateIdentityProvider: Operation<UpdateIdentityProviderRequest, UpdateIdentityProviderResponse> = async (
  deps,
  ctx,
  input,
) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const current = await requireProvider(deps.store.db, pool.id, input.ProviderName);
  const type = current.type as ProviderType;
  let { details, encryption } = current;
  if (input.ProviderDetails) {
    // Apple's private key is never shown, so a describe-then-update sends none: the kept one stays.
    const given =
      type === 'SignInWithApple' && !input.ProviderDetails.private_key && current.details.private_key
        ? { ...input.ProviderDetails, private_key: current.details.private_key }
        : input.ProviderDetails;
    ({ details, encryption } = await providerConfig(
      deps,
      { poolId: pool.id, name: current.name, type },
      given,
      current.encryption,
    ));
  }
  const updated = {
    ...current,
    details,
    encryption,
    attributeMapping: input.AttributeMapping ? mapping(pool, type, input.AttributeMapping) : current.attributeMapping,
    identifiers: input.IdpIdentifiers ?? current.identifiers,
    updatedAt: deps.now(),
  };
  await deps.store.tx(async (trx) => {
    await requireProvider(trx, pool.id, input.ProviderName);
    await saveProvider(trx, updated);
  });
  return { IdentityProvider: identityProviderType(updated) };
};
export default UpdateIdentityProvider;
