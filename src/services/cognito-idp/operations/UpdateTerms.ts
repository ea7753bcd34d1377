import type { UpdateTermsRequest, UpdateTermsResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { UniqueViolation } from '../../../store/errors.js';
import { callerOf } from '../caller.js';
import { getPool } from '../pools/store.js';
import { getTerms, termsExist, termsType } from '../branding/terms.js';

// What the request leaves out stays as it was (every member but the ids is optional); a new
// TermsName that the client's other document has is refused (TermsExistsException, in the model's
// errors of UpdateTerms).
const UpdateTerms: Operation<UpdateTermsRequest, UpdateTermsResponse> = async (deps, ctx, input) => {
  const db = deps.store.db;
  const pool = await getPool(db, callerOf(ctx), input.UserPoolId);
  const row = await getTerms(db, pool.id, input.TermsId);
  const changed = {
    name: input.TermsName ?? row.name,
    source: input.TermsSource ?? row.source,
    enforcement: input.Enforcement ?? row.enforcement,
    links: input.Links !== undefined ? JSON.stringify(input.Links) : row.links,
    updated_at: deps.now(),
  };
  try {
    await deps.store.tx(async (trx) => {
      await trx.updateTable('terms').set(changed).where('pool_id', '=', pool.id).where('id', '=', row.id).execute();
    });
  } catch (e) {
    if (e instanceof UniqueViolation) throw termsExist(row.client_id, changed.name);
    throw e;
  }
  return { Terms: termsType({ ...row, ...changed }) };
};
export default UpdateTerms;
