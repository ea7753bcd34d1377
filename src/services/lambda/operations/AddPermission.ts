import type { AddPermissionRequest, AddPermissionResponse } from '@aws-sdk/client-lambda';
import type { Operation } from '../../context.js';
import { scopeOf } from '../../../kernel/operation.js';
import { ResourceConflictException } from '../../../generated/lambda/errors.js';
import { parseFunctionName } from '../names.js';
import { newRevision, resolveFunction } from '../functions.js';
import { readPolicy, statementOf, type PolicyDoc } from '../policy.js';
import { staleRevision } from '../update.js';

const AddPermission: Operation<AddPermissionRequest, AddPermissionResponse> = async (deps, ctx, input) => {
  const scope = scopeOf(ctx);
  const ref = parseFunctionName(scope, input.FunctionName, input.Qualifier);
  await resolveFunction(deps.store.db, scope, ref);
  const statement = statementOf(scope, ref.name, ref.qualifier, input);
  await deps.store.tx(async (trx) => {
    const current = await readPolicy(trx, scope, ref.name, ref.qualifier ?? '');
    if (input.RevisionId !== undefined && input.RevisionId !== current?.revision) throw staleRevision();
    const doc: PolicyDoc = current?.doc ?? { Version: '2012-10-17', Id: 'default', Statement: [] };
    // Lambda's text for a taken statement id (AddPermission, ResourceConflictException).
    if (doc.Statement.some((s) => s.Sid === input.StatementId))
      throw new ResourceConflictException(
        'The statement id (sid) provided already exists. Please specify a new statement id, or remove the existing statement.',
      );
    doc.Statement.push(statement);
    const row = {
      account: scope.account,
      region: scope.region,
      function_name: ref.name,
      qualifier: ref.qualifier ?? '',
      policy: JSON.stringify(doc),
      revision_id: newRevision(),
    };
    if (current)
      await trx
        .updateTable('lambda_policies')
        .set({ policy: row.policy, revision_id: row.revision_id })
        .where('account', '=', scope.account)
        .where('region', '=', scope.region)
        .where('function_name', '=', ref.name)
        .where('qualifier', '=', row.qualifier)
        .execute();
    else await trx.insertInto('lambda_policies').values(row).execute();
  });
  return { Statement: JSON.stringify(statement) };
};
export default AddPermission;
