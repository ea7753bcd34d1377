import type {
  DeleteUserPoolDomainRequest,
  DeleteUserPoolDomainResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { ownedDomain } from '../domains/owned.js';

const DeleteUserPoolDomain: Operation<DeleteUserPoolDomainRequest, DeleteUserPoolDomainResponse> = async (
  deps,
  ctx,
  input,
) => {
  const row = await ownedDomain(deps.store.db, callerOf(ctx), input.UserPoolId, input.Domain);
  await deps.store.db.deleteFrom('user_pool_domains').where('host', '=', row.host).execute();
  return {};
};
export default DeleteUserPoolDomain;
