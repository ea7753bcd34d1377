import type { CreateTermsRequest, CreateTermsResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { UniqueViolation } from '../../../store/errors.js';
import type { TermsRow } from '../../../store/tables/cognito-idp-branding.js';
import { callerOf } from '../caller.js';
import { getClient, getPool } from '../pools/store.js';
import { newTermsId, termsExist, termsType } from '../branding/terms.js';

const CreateTerms: Operation<CreateTermsRequest, CreateTermsResponse> = async (deps, ctx, input) => {
  const db = deps.store.db;
  const pool = await getPool(db, callerOf(ctx), input.UserPoolId);
  const client = await getClient(db, pool.id, input.ClientId);
  const now = deps.now();
  const row: TermsRow = {
    pool_id: pool.id,
    id: newTermsId(),
    client_id: client.clientId,
    name: input.TermsName,
    source: input.TermsSource,
    enforcement: input.Enforcement,
    // Links is optional in the model's request, required in its answer: none given, none shown.
    links: JSON.stringify(input.Links ?? {}),
    created_at: now,
    updated_at: now,
  };
  try {
    await deps.store.tx(async (trx) => {
      await trx.insertInto('terms').values(row).execute();
    });
  } catch (e) {
    if (e instanceof UniqueViolation) throw termsExist(client.clientId, input.TermsName);
    throw e;
  }
  return { Terms: termsType(row) };
};
export default CreateTerms;
