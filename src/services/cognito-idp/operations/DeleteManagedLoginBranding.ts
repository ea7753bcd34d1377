import type { DeleteManagedLoginBrandingRequest } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { noSuchBranding } from '../branding/managed-login.js';

const DeleteManagedLoginBranding: Operation<DeleteManagedLoginBrandingRequest, void> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const deleted = await deps.store.db
    .deleteFrom('managed_login_brandings')
    .where('pool_id', '=', pool.id)
    .where('id', '=', input.ManagedLoginBrandingId)
    .executeTakeFirst();
  if (Number(deleted.numDeletedRows) === 0) throw noSuchBranding(input.ManagedLoginBrandingId);
};
export default DeleteManagedLoginBranding;
