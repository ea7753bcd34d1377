// Queries on the hot paths, built and compiled by Kysely once instead of on every call. Building
// and compiling a query costs more than SQLite takes to run a point look-up (about 25 us of a
// request's CPU per query); the compiled text is the same every time, only its values change.
//
//   const byKey = prepared<'pool' | 'key', UserRow>((db, $) =>
//     db.selectFrom('users').selectAll().where('pool_id', '=', $('pool')).where('username_key', '=', $('key')));
//   const row = await byKey.first(db, { pool: pool.id, key });
//
// `all` gives every row, and runs writes too (an INSERT's values may be placeholders as well).
// Each `$(name)` is a placeholder that Kysely compiles as a bound parameter; a run puts the named
// values in their places. The text is compiled once per database (SQLite and PostgreSQL differ).
import { CompiledQuery, type Kysely } from './kysely.js';
import type { Compilable, DialectAdapter } from 'kysely';
import type { Database } from './schema.js';

/** Runs a read at once where the store can, without waiting for a connection; else undefined (as for a write). */
export type RunNow = (sql: string, parameters: readonly unknown[]) => unknown[] | undefined;
/**
 * A number that is the same on two calls only if nothing in the database changed in between, by
 * this process or another, and that only grows; undefined when the store cannot tell at the moment.
 */
export type ChangeMark = () => number | undefined;
export interface FastPaths {
  runNow: RunNow;
  changeMark: ChangeMark;
}

const fastPaths = new WeakMap<object, FastPaths>();

/**
 * The store's own Kysely instance may run statements at once and tell whether anything changed
 * (SQLite, while no transaction holds its connection). A transaction's instance never does: its
 * statements take its connection, and it may be making a change it later rolls back.
 */
export function allowFastPaths(db: Kysely<Database>, paths: FastPaths): void {
  fastPaths.set(db, paths);
}

/** The store's change mark (see ChangeMark); always undefined for a transaction or on PostgreSQL. */
export const changeMark = (db: Kysely<Database>): number | undefined => fastPaths.get(db)?.changeMark();

/** Which store a handle (the store's own or a transaction's) belongs to, for caches kept per store. */
export const storeKey = (db: Kysely<Database>): object => db.getExecutor().adapter;

class Placeholder {
  constructor(readonly name: string) {}
}

export interface Prepared<N extends string, R> {
  /** The first row the query returns with these values, if any. */
  first(db: Kysely<Database>, values: Record<N, unknown>): Promise<R | undefined>;
  /** Every row the query returns with these values (none for a write without RETURNING). */
  all(db: Kysely<Database>, values: Record<N, unknown>): Promise<R[]>;
}

/** `$` returns a placeholder typed as whatever the column wants; only `prepared` reads it. */
type Dollar<N extends string> = (name: N) => never;

export function prepared<N extends string, R = unknown>(
  build: (db: Kysely<Database>, $: Dollar<N>) => Compilable<unknown>,
): Prepared<N, R> {
  const compiled = new WeakMap<DialectAdapter, { sql: string; slots: readonly unknown[] }>();
  const $ = ((name: N) => new Placeholder(name)) as unknown as Dollar<N>;

  function compiledFor(db: Kysely<Database>) {
    const adapter = storeKey(db) as DialectAdapter;
    let c = compiled.get(adapter);
    if (!c) {
      const q = build(db, $).compile();
      c = { sql: q.sql, slots: q.parameters };
      compiled.set(adapter, c);
    }
    return c;
  }

  async function all(db: Kysely<Database>, values: Record<N, unknown>): Promise<R[]> {
    const { sql, slots } = compiledFor(db);
    const parameters = slots.map((s) => (s instanceof Placeholder ? values[s.name as N] : s));
    return (fastPaths.get(db)?.runNow(sql, parameters) ??
      (await db.executeQuery<R>(CompiledQuery.raw(sql, parameters))).rows) as R[];
  }

  return { first: async (db, values) => (await all(db, values))[0], all };
}
