// Functions and their published versions (lambda_functions: $LATEST and snapshots), as Lambda's
// API shows them (FunctionConfiguration). A function's revision id changes with every change to
// its code or configuration; warm workers of an older revision are not reused.
import { randomUUID } from 'node:crypto';
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import type { Scope } from '../../kernel/caller.js';
import type { Db } from '../../store/store.js';
import { prepared } from '../../store/prepared.js';
import type { LambdaFunctionRow } from '../../store/tables/lambda.js';
import { ResourceNotFoundException } from '../../generated/lambda/errors.js';
import { functionArn, type FunctionRef } from './names.js';
import type { FunctionImage } from '../../functions/runner.js';

export const newRevision = () => randomUUID();

/** Lambda's LastModified: ISO 8601 with milliseconds and a +0000 offset. */
export const lastModified = (ms: number) => new Date(ms).toISOString().replace('Z', '+0000');

// "Function not found: <arn>" (Lambda's ResourceNotFoundException, as the AWS CLI prints it).
export const notFound = (scope: Scope, name: string, qualifier?: string) =>
  new ResourceNotFoundException(`Function not found: ${functionArn(scope, name, qualifier)}`);

export function findVersion(db: Db, scope: Scope, name: string, version: string) {
  return db
    .selectFrom('lambda_functions')
    .selectAll()
    .where('account', '=', scope.account)
    .where('region', '=', scope.region)
    .where('name', '=', name)
    .where('version', '=', version)
    .executeTakeFirst();
}

export function findAlias(db: Db, scope: Scope, name: string, alias: string) {
  return db
    .selectFrom('lambda_aliases')
    .selectAll()
    .where('account', '=', scope.account)
    .where('region', '=', scope.region)
    .where('function_name', '=', name)
    .where('name', '=', alias)
    .executeTakeFirst();
}

export const isVersion = (q: string) => q === '$LATEST' || /^\d+$/.test(q);

/**
 * The function version a reference names: $LATEST, a version, or the version an alias points at.
 * ResourceNotFoundException with Lambda's texts otherwise.
 */
export async function resolveFunction(
  db: Db,
  scope: Scope,
  ref: FunctionRef,
  read: (db: Db, scope: Scope, name: string, version: string) => Promise<LambdaFunctionRow | undefined> = findVersion,
): Promise<{ row: LambdaFunctionRow; alias?: string }> {
  const findVersion = read;
  const q = ref.qualifier ?? '$LATEST';
  if (isVersion(q)) {
    const row = await findVersion(db, scope, ref.name, q);
    if (!row) throw notFound(scope, ref.name, ref.qualifier);
    return { row };
  }
  const alias = await findAlias(db, scope, ref.name, q);
  // Lambda's text for an alias that does not exist: "Alias not found: <arn>"? The AWS CLI prints
  // "Function not found: <qualified arn>" for a qualifier that is neither (recorded in moto's tests).
  if (!alias) throw notFound(scope, ref.name, q);
  const row = await findVersion(db, scope, ref.name, alias.function_version);
  if (!row) throw notFound(scope, ref.name, q);
  return { row, alias: q };
}

export function configuration(row: LambdaFunctionRow): FunctionConfiguration {
  const scope = { account: row.account, region: row.region };
  const extra = JSON.parse(row.extra) as Record<string, unknown>;
  const variables = JSON.parse(row.environment) as Record<string, string>;
  return {
    FunctionName: row.name,
    FunctionArn: functionArn(scope, row.name, row.version === '$LATEST' ? undefined : row.version),
    Runtime: row.runtime as FunctionConfiguration['Runtime'],
    Role: row.role,
    Handler: row.handler,
    CodeSize: row.code_size,
    Description: row.description,
    Timeout: row.timeout,
    MemorySize: row.memory_size,
    LastModified: lastModified(row.last_modified),
    CodeSha256: row.code_sha256,
    Version: row.version,
    ...(Object.keys(variables).length ? { Environment: { Variables: variables } } : {}),
    TracingConfig: { Mode: 'PassThrough' },
    RevisionId: row.revision_id,
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    Architectures: ['x86_64'],
    EphemeralStorage: { Size: 512 },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${row.name}` },
    RuntimeVersionConfig: { RuntimeVersionArn: `arn:aws:lambda:${row.region}::runtime:cognate-${row.runtime}` },
    ...extra,
  };
}

const WITHOUT_CODE = [
  'account',
  'region',
  'name',
  'version',
  'runtime',
  'handler',
  'role',
  'description',
  'timeout',
  'memory_size',
  'environment',
  'code_sha256',
  'code_size',
  'last_modified',
  'revision_id',
  'extra',
  'tags',
  'last_version',
] as const;

// Compiled once (prepared.ts): an invocation's read of its function, on SQLite run at once.
const versionToRun = prepared<'account' | 'region' | 'name' | 'version', Omit<LambdaFunctionRow, 'code'>>((db, $) =>
  db
    .selectFrom('lambda_functions')
    .select(WITHOUT_CODE)
    .where('account', '=', $('account'))
    .where('region', '=', $('region'))
    .where('name', '=', $('name'))
    .where('version', '=', $('version')),
);

/**
 * A version without its package (`code` empty): what an invocation reads, the package being read
 * only when a worker has to unpack it (imageOf).
 */
export async function findVersionToRun(
  db: Db,
  scope: Scope,
  name: string,
  version: string,
): Promise<LambdaFunctionRow | undefined> {
  const row = await versionToRun.first(db, { account: scope.account, region: scope.region, name, version });
  return row && { ...row, code: '' };
}

/** What a worker needs to run the version `row`. */
export function imageOf(db: Db, row: LambdaFunctionRow): FunctionImage {
  return {
    account: row.account,
    region: row.region,
    name: row.name,
    version: row.version,
    revision: row.revision_id,
    runtime: row.runtime,
    handler: row.handler,
    timeout: row.timeout,
    memorySize: row.memory_size,
    environment: JSON.parse(row.environment),
    codeSha256: row.code_sha256,
    code: async () =>
      row.code ||
      (
        await db
          .selectFrom('lambda_functions')
          .select('code')
          .where('account', '=', row.account)
          .where('region', '=', row.region)
          .where('name', '=', row.name)
          .where('version', '=', row.version)
          .executeTakeFirstOrThrow()
      ).code,
  };
}
