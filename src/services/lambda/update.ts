// Changing a function's $LATEST: one conditional update on its revision, so two concurrent changes
// cannot both apply to the same revision (the second is told, as Lambda tells a stale RevisionId).
import type { Scope } from '../../kernel/caller.js';
import type { Db } from '../../store/store.js';
import type { LambdaFunctionRow } from '../../store/tables/lambda.js';
import { PreconditionFailedException, ResourceConflictException } from '../../generated/lambda/errors.js';
import { findVersion, newRevision, notFound } from './functions.js';
import { parseFunctionName } from './names.js';

// Lambda's text for a stale RevisionId (API reference, PreconditionFailedException).
export const staleRevision = (what = 'GetFunction') =>
  new PreconditionFailedException(
    `The Revision Id provided does not match the latest Revision Id. Call the ${what}/GetAlias API to retrieve the latest Revision Id`,
  );

export async function updateLatest(
  db: Db,
  scope: Scope,
  functionName: string,
  revisionId: string | undefined,
  change: (row: LambdaFunctionRow) => Partial<LambdaFunctionRow>,
  now: number,
): Promise<LambdaFunctionRow> {
  const { name, qualifier } = parseFunctionName(scope, functionName);
  const row = await findVersion(db, scope, name, '$LATEST');
  if (!row) throw notFound(scope, name, qualifier);
  if (revisionId !== undefined && revisionId !== row.revision_id) throw staleRevision();
  const next = { ...row, ...change(row), last_modified: now, revision_id: newRevision() };
  const r = await db
    .updateTable('lambda_functions')
    .set(next)
    .where('account', '=', scope.account)
    .where('region', '=', scope.region)
    .where('name', '=', name)
    .where('version', '=', '$LATEST')
    .where('revision_id', '=', row.revision_id)
    .executeTakeFirst();
  // Lambda's text when an update is under way (ResourceConflictException).
  if (Number(r.numUpdatedRows) !== 1)
    throw new ResourceConflictException(
      `The operation cannot be performed at this time. An update is in progress for resource: arn:aws:lambda:${scope.region}:${scope.account}:function:${name}`,
    );
  return next;
}
