import type {
  AdminDisableProviderForUserRequest,
  AdminDisableProviderForUserResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { requireUser } from '../users/store.js';
import { externalIdentity, isCognito, members } from '../idps/identify.js';
import { refreshIdentities, unlink } from '../idps/links.js';

/**
 * Removes the link of an external identity (named as it was linked: API reference) from the user
 * it was linked to. An identity that is linked to nobody is no error: what AWS answers then is not
 * on record, and the call's purpose (the identity no longer signs in as that user) holds.
 *
 * ProviderName Cognito names a local user by username; AWS then stops their password sign-in.
 * cognate checks that the user exists and changes nothing (docs/identity-providers.md).
 */
const AdminDisableProviderForUser: Operation<
  AdminDisableProviderForUserRequest,
  AdminDisableProviderForUserResponse
> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const who = members('User', input.User);
  if (isCognito(who.provider)) {
    await requireUser(deps.store.db, pool, who.attributeValue);
    return {};
  }
  const { link: l } = await externalIdentity(deps.store.db, pool.id, who);
  await deps.store.tx(async (trx) => {
    const sub = await unlink(trx, pool, l);
    if (sub) await refreshIdentities(trx, pool, [sub]);
  });
  return {};
};
export default AdminDisableProviderForUser;
