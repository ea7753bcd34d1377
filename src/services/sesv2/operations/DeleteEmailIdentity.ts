import type { DeleteEmailIdentityRequest, DeleteEmailIdentityResponse } from '@aws-sdk/client-sesv2';
import type { Operation } from '../../context.js';
import { deleteIdentity } from '../../ses/identities.js';
import { notFound, scopeOf } from '../wire.js';

/** v2 answers 404 for an identity it does not have (v1's DeleteIdentity is idempotent). */
const DeleteEmailIdentity: Operation<DeleteEmailIdentityRequest, DeleteEmailIdentityResponse> = async (
  deps,
  ctx,
  input,
) => {
  if (!(await deleteIdentity(deps.store.db, scopeOf(ctx), input.EmailIdentity))) throw notFound(input.EmailIdentity);
  return {};
};
export default DeleteEmailIdentity;
