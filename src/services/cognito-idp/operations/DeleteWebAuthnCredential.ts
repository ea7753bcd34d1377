import type {
  DeleteWebAuthnCredentialRequest,
  DeleteWebAuthnCredentialResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { ResourceNotFoundException } from '../../../generated/cognito-idp/errors.js';
import type { Operation } from '../../context.js';
import { authenticate } from '../tokens/verify.js';
import { deleteCredential } from '../passwordless/credentials.js';

const DeleteWebAuthnCredential: Operation<DeleteWebAuthnCredentialRequest, DeleteWebAuthnCredentialResponse> = async (
  deps,
  _ctx,
  input,
) => {
  const { pool, user } = await authenticate(deps, input.AccessToken);
  // Only the signed-in user's own passkeys; another's answers as one that does not exist.
  // Not on record: cognate's words.
  if (!(await deleteCredential(deps.store.db, pool.id, user.sub, input.CredentialId)))
    throw new ResourceNotFoundException('The passkey does not exist.');
  return {};
};
export default DeleteWebAuthnCredential;
