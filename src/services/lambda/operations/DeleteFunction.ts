import type { DeleteFunctionRequest } from '@aws-sdk/client-lambda';
import type { Operation } from '../../context.js';
import { scopeOf } from '../../../kernel/operation.js';
import { InvalidParameterValueException, ResourceConflictException } from '../../../generated/lambda/errors.js';
import { parseFunctionName } from '../names.js';
import { findVersion, notFound } from '../functions.js';

const DeleteFunction: Operation<DeleteFunctionRequest, void> = async (deps, ctx, input) => {
  const scope = scopeOf(ctx);
  const { name, qualifier } = parseFunctionName(scope, input.FunctionName, input.Qualifier);
  // Lambda's text for deleting $LATEST by name (API reference, DeleteFunction).
  if (qualifier === '$LATEST')
    throw new InvalidParameterValueException('$LATEST version cannot be deleted without deleting the function.');
  if (!(await findVersion(deps.store.db, scope, name, qualifier ?? '$LATEST'))) throw notFound(scope, name, qualifier);
  await deps.store.tx(async (trx) => {
    if (qualifier) {
      const alias = await trx
        .selectFrom('lambda_aliases')
        .select('name')
        .where('account', '=', scope.account)
        .where('region', '=', scope.region)
        .where('function_name', '=', name)
        .where('function_version', '=', qualifier)
        .executeTakeFirst();
      // Lambda refuses to delete a version an alias points at (cognate's words; AWS's are not on record).
      if (alias) throw new ResourceConflictException(`Version ${qualifier} is used by alias ${alias.name}.`);
      await trx
        .deleteFrom('lambda_functions')
        .where('account', '=', scope.account)
        .where('region', '=', scope.region)
        .where('name', '=', name)
        .where('version', '=', qualifier)
        .execute();
      return;
    }
    for (const [table, column] of [
      ['lambda_functions', 'name'],
      ['lambda_aliases', 'function_name'],
      ['lambda_policies', 'function_name'],
    ] as const) {
      await trx
        .deleteFrom(table)
        .where('account', '=', scope.account)
        .where('region', '=', scope.region)
        .where(column, '=', name)
        .execute();
    }
  });
};
export default DeleteFunction;
