// Published versions: a snapshot of $LATEST under the next number. Publishing an unchanged $LATEST
// again returns the last version, as Lambda does (developer guide, "Lambda function versions").
import type { Scope } from '../../kernel/caller.js';
import type { Store } from '../../store/store.js';
import type { LambdaFunctionRow } from '../../store/tables/lambda.js';
import { PreconditionFailedException } from '../../generated/lambda/errors.js';
import { findVersion, newRevision, notFound } from './functions.js';
import { staleRevision } from './update.js';

const SAME = ['code_sha256', 'runtime', 'handler', 'role', 'timeout', 'memory_size', 'environment', 'extra'] as const;

export async function publish(
  store: Store,
  scope: Scope,
  name: string,
  description: string | undefined,
  codeSha256: string | undefined,
  revisionId?: string,
): Promise<LambdaFunctionRow> {
  return store.tx(async (trx) => {
    const latest = await findVersion(trx, scope, name, '$LATEST');
    if (!latest) throw notFound(scope, name);
    if (revisionId !== undefined && revisionId !== latest.revision_id) throw staleRevision();
    // Lambda's text for a CodeSha256 that is not $LATEST's (API reference, PublishVersion).
    if (codeSha256 !== undefined && codeSha256 !== latest.code_sha256)
      throw new PreconditionFailedException(
        `CodeSHA256 (${codeSha256}) is different from current CodeSHA256 in $LATEST (${latest.code_sha256}). Please try again with the CodeSHA256 in $LATEST.`,
      );
    if (latest.last_version > 0) {
      const last = await findVersion(trx, scope, name, String(latest.last_version));
      if (last && SAME.every((k) => last[k] === latest[k])) return last;
    }
    const version = latest.last_version + 1;
    const row = {
      ...latest,
      version: String(version),
      description: description ?? latest.description,
      revision_id: newRevision(),
      tags: '{}',
      last_version: 0,
    };
    await trx.insertInto('lambda_functions').values(row).execute();
    await trx
      .updateTable('lambda_functions')
      .set({ last_version: version })
      .where('account', '=', scope.account)
      .where('region', '=', scope.region)
      .where('name', '=', name)
      .where('version', '=', '$LATEST')
      .execute();
    return row;
  });
}
