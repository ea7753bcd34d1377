import type { AliasConfiguration, GetAliasRequest } from '@aws-sdk/client-lambda';
import type { Operation } from '../../context.js';
import { scopeOf } from '../../../kernel/operation.js';
import { ResourceNotFoundException } from '../../../generated/lambda/errors.js';
import { functionArn, parseFunctionName } from '../names.js';
import { findAlias } from '../functions.js';
import { aliasConfiguration } from '../aliases.js';

const GetAlias: Operation<GetAliasRequest, AliasConfiguration> = async (deps, ctx, input) => {
  const scope = scopeOf(ctx);
  const { name } = parseFunctionName(scope, input.FunctionName);
  const alias = await findAlias(deps.store.db, scope, name, input.Name);
  // Lambda's text: "Cannot find alias arn: <alias arn>".
  if (!alias) throw new ResourceNotFoundException(`Cannot find alias arn: ${functionArn(scope, name, input.Name)}`);
  return aliasConfiguration(alias);
};
export default GetAlias;
