import type { AliasConfiguration, UpdateAliasRequest } from '@aws-sdk/client-lambda';
import type { Operation } from '../../context.js';
import { scopeOf } from '../../../kernel/operation.js';
import { ResourceNotFoundException } from '../../../generated/lambda/errors.js';
import { functionArn, parseFunctionName } from '../names.js';
import { findAlias, findVersion, newRevision, notFound } from '../functions.js';
import { aliasConfiguration } from '../aliases.js';
import { staleRevision } from '../update.js';

const UpdateAlias: Operation<UpdateAliasRequest, AliasConfiguration> = async (deps, ctx, input) => {
  const scope = scopeOf(ctx);
  const { name } = parseFunctionName(scope, input.FunctionName);
  const alias = await findAlias(deps.store.db, scope, name, input.Name);
  if (!alias) throw new ResourceNotFoundException(`Cannot find alias arn: ${functionArn(scope, name, input.Name)}`);
  if (input.RevisionId !== undefined && input.RevisionId !== alias.revision_id) throw staleRevision('GetFunction');
  if (input.FunctionVersion && !(await findVersion(deps.store.db, scope, name, input.FunctionVersion)))
    throw notFound(scope, name, input.FunctionVersion);
  const next = {
    ...alias,
    function_version: input.FunctionVersion ?? alias.function_version,
    description: input.Description ?? alias.description,
    revision_id: newRevision(),
  };
  await deps.store.db
    .updateTable('lambda_aliases')
    .set(next)
    .where('account', '=', scope.account)
    .where('region', '=', scope.region)
    .where('function_name', '=', name)
    .where('name', '=', input.Name)
    .execute();
  return aliasConfiguration(next);
};
export default UpdateAlias;
