// User import jobs: the jobs, their uploaded CSV in chunks, and the lines skipped or failed.
import { sql, type Kysely } from '../kysely.js';
import type { Dialect } from '../dialect.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const key = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  await db.schema
    .createTable('user_import_jobs')
    .addColumn('job_id', key, (c) => c.primaryKey())
    .addColumn('pool_id', key, (c) => c.notNull())
    .addColumn('account', key, (c) => c.notNull())
    .addColumn('region', key, (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role_arn', 'text', (c) => c.notNull())
    .addColumn('hashing_algorithm', 'text')
    .addColumn('status', key, (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('started_at', 'bigint')
    .addColumn('completed_at', 'bigint')
    .addColumn('completion_message', 'text')
    .addColumn('imported', 'bigint', (c) => c.notNull())
    .addColumn('skipped', 'bigint', (c) => c.notNull())
    .addColumn('failed', 'bigint', (c) => c.notNull())
    .addColumn('upload_id', key)
    .addColumn('upload_bytes', 'bigint')
    .addColumn('lines_done', 'bigint', (c) => c.notNull())
    .addColumn('runner', 'text')
    .addColumn('lease_until', 'bigint')
    .execute();
  // ListUserImportJobs: newest first within a pool.
  await db.schema
    .createIndex('user_import_jobs_by_pool')
    .on('user_import_jobs')
    .columns(['pool_id', 'created_at', 'job_id'])
    .execute();
  // "Only one import job can be active at a time per account" (developer guide, Starting a user
  // import job): a second claim in the same account and Region meets this index and waits, Pending.
  await db.schema
    .createIndex('user_import_jobs_one_active')
    .on('user_import_jobs')
    .columns(['account', 'region'])
    .unique()
    .where(sql.ref('status'), 'in', ['InProgress', 'Stopping'])
    .execute();
  // The sweep's look-up of jobs to claim or expire.
  await db.schema.createIndex('user_import_jobs_by_status').on('user_import_jobs').columns(['status']).execute();
  await db.schema
    .createTable('user_import_chunks')
    .addColumn('job_id', key, (c) => c.notNull())
    .addColumn('pool_id', key, (c) => c.notNull())
    .addColumn('upload_id', key, (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('data', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_import_chunks_pk', ['job_id', 'upload_id', 'seq'])
    .execute();
  await db.schema.createIndex('user_import_chunks_by_pool').on('user_import_chunks').columns(['pool_id']).execute();
  await db.schema
    .createTable('user_import_errors')
    .addColumn('job_id', key, (c) => c.notNull())
    .addColumn('pool_id', key, (c) => c.notNull())
    .addColumn('line', 'bigint', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_import_errors_pk', ['job_id', 'line'])
    .execute();
  await db.schema.createIndex('user_import_errors_by_pool').on('user_import_errors').columns(['pool_id']).execute();
}
