// A function's tags, kept on its $LATEST row (Lambda tags functions, not versions).
import type { Scope } from '../../kernel/caller.js';
import type { Db } from '../../store/store.js';
import { parseFunctionName } from './names.js';
import { findVersion, notFound } from './functions.js';

export async function taggedFunction(db: Db, scope: Scope, resource: string) {
  const { name } = parseFunctionName(scope, resource);
  const row = await findVersion(db, scope, name, '$LATEST');
  if (!row) throw notFound(scope, name);
  return row;
}

export async function setTags(db: Db, scope: Scope, name: string, tags: Record<string, string>): Promise<void> {
  await db
    .updateTable('lambda_functions')
    .set({ tags: JSON.stringify(tags) })
    .where('account', '=', scope.account)
    .where('region', '=', scope.region)
    .where('name', '=', name)
    .where('version', '=', '$LATEST')
    .execute();
}
