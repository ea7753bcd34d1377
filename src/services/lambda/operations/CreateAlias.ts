import type { AliasConfiguration, CreateAliasRequest } from '@aws-sdk/client-lambda';
import type { Operation } from '../../context.js';
import { scopeOf } from '../../../kernel/operation.js';
import { ResourceConflictException } from '../../../generated/lambda/errors.js';
import { normalizeDbError, UniqueViolation } from '../../../store/errors.js';
import { functionArn, parseFunctionName } from '../names.js';
import { findAlias, findVersion, newRevision, notFound } from '../functions.js';
import { aliasConfiguration } from '../aliases.js';

const CreateAlias: Operation<CreateAliasRequest, AliasConfiguration> = async (deps, ctx, input) => {
  const scope = scopeOf(ctx);
  const { name } = parseFunctionName(scope, input.FunctionName);
  if (!(await findVersion(deps.store.db, scope, name, input.FunctionVersion)))
    throw notFound(scope, name, input.FunctionVersion);
  // Lambda's text: "Alias already exists: <alias arn>".
  const exists = () => new ResourceConflictException(`Alias already exists: ${functionArn(scope, name, input.Name)}`);
  if (await findAlias(deps.store.db, scope, name, input.Name)) throw exists();
  const row = {
    account: scope.account,
    region: scope.region,
    function_name: name,
    name: input.Name,
    function_version: input.FunctionVersion,
    description: input.Description ?? '',
    revision_id: newRevision(),
  };
  try {
    await deps.store.db.insertInto('lambda_aliases').values(row).execute();
  } catch (e) {
    if (normalizeDbError(e) instanceof UniqueViolation) throw exists();
    throw e;
  }
  return aliasConfiguration(row);
};
export default CreateAlias;
