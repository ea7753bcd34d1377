import type {
  AdminLinkProviderForUserRequest,
  AdminLinkProviderForUserResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { InvalidParameterException } from '../../../generated/cognito-idp/errors.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { findUser, requireUserForUpdate } from '../users/store.js';
import { COGNITO_SUBJECT, externalIdentity, isCognito, members } from '../idps/identify.js';
import { link } from '../idps/links.js';

/**
 * Links an external identity that has not signed in yet (SourceUser) to an existing user
 * (DestinationUser: a Cognito user by username, or a federated one by <ProviderName>_<id>, the
 * username Cognito gives a user who signed in through an IdP). The destination's
 * ProviderAttributeName is ignored (API reference).
 */
const AdminLinkProviderForUser: Operation<AdminLinkProviderForUserRequest, AdminLinkProviderForUserResponse> = async (
  deps,
  ctx,
  input,
) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const source = members('SourceUser', input.SourceUser);
  const destination = members('DestinationUser', input.DestinationUser, false);
  // Recorded: aws-amplify/amplify-js#13334, boto/boto3#4163.
  if (isCognito(source.provider))
    throw new InvalidParameterException(
      'Invalid SourceUser: Cognito users with a username/password may not be passed in as a SourceUser, only as a DestinationUser',
    );
  const { link: l } = await externalIdentity(deps.store.db, pool.id, source);
  // A source that already signed in is a user of its own. Recorded: aws/aws-sdk-net#1000.
  if (l.attributeName === COGNITO_SUBJECT && (await findUser(deps.store.db, pool, `${l.provider}_${l.attributeValue}`)))
    throw new InvalidParameterException(
      'Merging is not currently supported, provide a SourceUser that has not been signed up in order to link',
    );
  const destinationName = isCognito(destination.provider)
    ? destination.attributeValue
    : `${destination.provider}_${destination.attributeValue}`;
  await deps.store.tx(async (trx) => {
    const user = await requireUserForUpdate(trx, pool, destinationName);
    await link(trx, pool, user, l, deps.now());
  });
  return {};
};
export default AdminLinkProviderForUser;
