import type { RevokeTokenRequest, RevokeTokenResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { UnsupportedOperationException, UnsupportedTokenTypeException } from '../../../generated/cognito-idp/errors.js';
import { getClientAndPool } from '../pools/store.js';
import { checkClientSecret } from '../users/secret-hash.js';
import { decodeJwt } from '../../../crypto/jwt.js';
import { revokeRefreshToken } from '../tokens/refresh.js';

/** Revokes a refresh token and the access tokens of its sign-in. An unknown token is not an error. */
const RevokeToken: Operation<RevokeTokenRequest, RevokeTokenResponse> = async (deps, _ctx, input) => {
  const { client } = await getClientAndPool(deps.store.db, input.ClientId);
  checkClientSecret(client, input.ClientSecret);
  // The exceptions are the model's for these cases, the names clients branch on; AWS's texts are
  // not on record: cognate's words.
  if (client.config.EnableTokenRevocation === false)
    throw new UnsupportedOperationException('Token revocation is not enabled for this client.');
  // Only refresh tokens are revoked this way; an id or access token (a JWT) is the wrong kind.
  if (decodeJwt(input.Token)) throw new UnsupportedTokenTypeException('Unsupported token type');
  await revokeRefreshToken(deps.store.db, deps.serverKey, client.clientId, input.Token, deps.now());
  return {};
};
export default RevokeToken;
