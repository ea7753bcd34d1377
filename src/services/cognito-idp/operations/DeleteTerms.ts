import type { DeleteTermsRequest } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { noSuchTerms } from '../branding/terms.js';

const DeleteTerms: Operation<DeleteTermsRequest, void> = async (deps, ctx, input) => {
  const pool = await getPool(deps.store.db, callerOf(ctx), input.UserPoolId);
  const deleted = await deps.store.db
    .deleteFrom('terms')
    .where('pool_id', '=', pool.id)
    .where('id', '=', input.TermsId)
    .executeTakeFirst();
  if (Number(deleted.numDeletedRows) === 0) throw noSuchTerms(input.TermsId);
};
export default DeleteTerms;
