import type { DeleteIdentityRequest, DeleteIdentityResponse } from '@aws-sdk/client-ses';
import type { Operation } from '../../context.js';
import { checkIdentityName } from '../addresses.js';
import { deleteIdentity } from '../identities.js';
import { scopeOf } from '../service.js';

/** Idempotent for an unknown identity; a name that is neither an address nor a domain is refused (recorded, 2013). */
const DeleteIdentity: Operation<DeleteIdentityRequest, DeleteIdentityResponse> = async (deps, ctx, input) => {
  checkIdentityName(input.Identity, 'v1');
  await deleteIdentity(deps.store.db, scopeOf(ctx), input.Identity);
  return {};
};
export default DeleteIdentity;
