// Lambda functions, versions, aliases and resource policies per account and Region; the trace of a
// user pool's trigger invocations (pool-owned, deleted with the pool).
import { sql, type Kysely } from '../kysely.js';
import type { Dialect } from '../dialect.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const key = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  await db.schema
    .createTable('lambda_functions')
    .addColumn('account', key, (c) => c.notNull())
    .addColumn('region', key, (c) => c.notNull())
    .addColumn('name', key, (c) => c.notNull())
    .addColumn('version', key, (c) => c.notNull())
    .addColumn('runtime', 'text', (c) => c.notNull())
    .addColumn('handler', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('timeout', 'integer', (c) => c.notNull())
    .addColumn('memory_size', 'integer', (c) => c.notNull())
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('code_sha256', 'text', (c) => c.notNull())
    .addColumn('code_size', 'bigint', (c) => c.notNull())
    .addColumn('last_modified', 'bigint', (c) => c.notNull())
    .addColumn('revision_id', 'text', (c) => c.notNull())
    .addColumn('extra', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('last_version', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('lambda_functions_pk', ['account', 'region', 'name', 'version'])
    .execute();
  await db.schema
    .createTable('lambda_aliases')
    .addColumn('account', key, (c) => c.notNull())
    .addColumn('region', key, (c) => c.notNull())
    .addColumn('function_name', key, (c) => c.notNull())
    .addColumn('name', key, (c) => c.notNull())
    .addColumn('function_version', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('revision_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('lambda_aliases_pk', ['account', 'region', 'function_name', 'name'])
    .execute();
  await db.schema
    .createTable('lambda_policies')
    .addColumn('account', key, (c) => c.notNull())
    .addColumn('region', key, (c) => c.notNull())
    .addColumn('function_name', key, (c) => c.notNull())
    .addColumn('qualifier', key, (c) => c.notNull())
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('revision_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('lambda_policies_pk', ['account', 'region', 'function_name', 'qualifier'])
    .execute();
  await db.schema
    .createTable('trigger_invocations')
    .addColumn('pool_id', key, (c) => c.notNull())
    .addColumn('id', key, (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('function_arn', 'text', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addPrimaryKeyConstraint('trigger_invocations_pk', ['pool_id', 'id'])
    .execute();
  await db.schema
    .createIndex('trigger_invocations_by_time')
    .on('trigger_invocations')
    .columns(['pool_id', 'at'])
    .execute();
}
