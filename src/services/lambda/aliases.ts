// Aliases: a name pointing at one published version (or $LATEST). Routing configurations are not
// served: an alias runs its one version.
import type { AliasConfiguration } from '@aws-sdk/client-lambda';
import type { LambdaAliasRow } from '../../store/tables/lambda.js';
import { functionArn } from './names.js';

export const aliasConfiguration = (a: LambdaAliasRow): AliasConfiguration => ({
  AliasArn: functionArn({ account: a.account, region: a.region }, a.function_name, a.name),
  Name: a.name,
  FunctionVersion: a.function_version,
  Description: a.description,
  RevisionId: a.revision_id,
});
