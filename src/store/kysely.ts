// Kysely's runtime, loaded from its CommonJS build. Its ESM build is ~290 module files, and Node
// loads ES modules more slowly than CommonJS ones: 90-97 ms against 55-60 ms here, a third of
// cognate's start-up (docs/benchmarks.md). Every runtime use of Kysely imports from this module,
// so the process holds one copy of its classes; types still come from 'kysely' itself.
import { createRequire } from 'node:module';
import type * as K from 'kysely';

const kysely = createRequire(import.meta.url)('kysely') as typeof K;

export const { CompiledQuery, Kysely, Migrator, PostgresDialect, SqliteDialect, SqliteDriver, sql } = kysely;
export type Kysely<DB> = K.Kysely<DB>;
export type CompiledQuery<O = unknown> = K.CompiledQuery<O>;
