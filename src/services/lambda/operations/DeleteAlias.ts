import type { DeleteAliasRequest } from '@aws-sdk/client-lambda';
import type { Operation } from '../../context.js';
import { scopeOf } from '../../../kernel/operation.js';
import { parseFunctionName } from '../names.js';

// Lambda answers 204 whether or not the alias existed.
const DeleteAlias: Operation<DeleteAliasRequest, void> = async (deps, ctx, input) => {
  const scope = scopeOf(ctx);
  const { name } = parseFunctionName(scope, input.FunctionName);
  await deps.store.tx(async (trx) => {
    await trx
      .deleteFrom('lambda_aliases')
      .where('account', '=', scope.account)
      .where('region', '=', scope.region)
      .where('function_name', '=', name)
      .where('name', '=', input.Name)
      .execute();
    await trx
      .deleteFrom('lambda_policies')
      .where('account', '=', scope.account)
      .where('region', '=', scope.region)
      .where('function_name', '=', name)
      .where('qualifier', '=', input.Name)
      .execute();
  });
};
export default DeleteAlias;
