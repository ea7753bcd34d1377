import type { RemovePermissionRequest } from '@aws-sdk/client-lambda';
import type { Operation } from '../../context.js';
import { scopeOf } from '../../../kernel/operation.js';
import { ResourceNotFoundException } from '../../../generated/lambda/errors.js';
import { parseFunctionName } from '../names.js';
import { newRevision, resolveFunction } from '../functions.js';
import { readPolicy } from '../policy.js';
import { staleRevision } from '../update.js';

const RemovePermission: Operation<RemovePermissionRequest, void> = async (deps, ctx, input) => {
  const scope = scopeOf(ctx);
  const ref = parseFunctionName(scope, input.FunctionName, input.Qualifier);
  await resolveFunction(deps.store.db, scope, ref);
  await deps.store.tx(async (trx) => {
    const current = await readPolicy(trx, scope, ref.name, ref.qualifier ?? '');
    if (input.RevisionId !== undefined && input.RevisionId !== current?.revision) throw staleRevision();
    const statements = current?.doc.Statement ?? [];
    // Lambda's text: "Statement <sid> is not found in resource policy."
    if (!statements.some((s) => s.Sid === input.StatementId))
      throw new ResourceNotFoundException(`Statement ${input.StatementId} is not found in resource policy.`);
    const rest = statements.filter((s) => s.Sid !== input.StatementId);
    const where = {
      account: scope.account,
      region: scope.region,
      function_name: ref.name,
      qualifier: ref.qualifier ?? '',
    };
    if (rest.length === 0)
      await trx
        .deleteFrom('lambda_policies')
        .where('account', '=', where.account)
        .where('region', '=', where.region)
        .where('function_name', '=', where.function_name)
        .where('qualifier', '=', where.qualifier)
        .execute();
    else
      await trx
        .updateTable('lambda_policies')
        .set({ policy: JSON.stringify({ ...current!.doc, Statement: rest }), revision_id: newRevision() })
        .where('account', '=', where.account)
        .where('region', '=', where.region)
        .where('function_name', '=', where.function_name)
        .where('qualifier', '=', where.qualifier)
        .execute();
  });
};
export default RemovePermission;
