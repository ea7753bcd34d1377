import type {
  ListWebAuthnCredentialsRequest,
  ListWebAuthnCredentialsResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { InvalidParameterException } from '../../../generated/cognito-idp/errors.js';
import type { Operation } from '../../context.js';
import { pagePosition, pageToken } from '../../page-token.js';
import { authenticate } from '../tokens/verify.js';
import { describeCredential, pageOfCredentials } from '../passwordless/credentials.js';

const ListWebAuthnCredentials: Operation<ListWebAuthnCredentialsRequest, ListWebAuthnCredentialsResponse> = async (
  deps,
  _ctx,
  input,
) => {
  const { pool, user } = await authenticate(deps, input.AccessToken);
  const scope = `webauthn-credentials/${pool.id}/${user.sub}`;
  // Not on record: cognate's words for a NextToken of another list.
  const after = pagePosition(
    input.NextToken,
    scope,
    2,
    () => new InvalidParameterException('Invalid pagination token provided.'),
  );
  // MaxResults 0 to 20 (the model); 0 or none: a full page of 20, cognate's reading.
  const limit = input.MaxResults || 20;
  const rows = await pageOfCredentials(
    deps.store.db,
    pool.id,
    user.sub,
    after ? [Number(after[0]), after[1]] : undefined,
    limit + 1,
  );
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    Credentials: page.map(describeCredential),
    ...(rows.length > limit && last
      ? { NextToken: pageToken(scope, [String(last.created_at), last.credential_id]) }
      : {}),
  };
};
export default ListWebAuthnCredentials;
