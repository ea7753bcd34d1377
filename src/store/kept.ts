// Reads kept in memory while they are still true, so the hot paths (a request's pool, AdminGetUser's
// user, an access token's pool) skip the store. Two things tell that a kept value is still true:
//
// - the store's change mark (prepared.ts: on SQLite, a number that moves with every commit that
//   changed anything, by any process): a value read at mark M is true while the mark is M;
// - a row's version, which every change to the row raises: a value read at version V is true while
//   the row's version is V, however much else changed (the caller reads the version, cheaply).
//
// A request takes one read point (`readPoint`) before its first read and passes it to each read, so
// its answers are the store as of that moment; where the store has no mark (PostgreSQL, a
// transaction) the read point is empty and only versions serve. Callers never ask which: an empty
// read point simply finds nothing kept under it. Values read inside a transaction are never kept
// (it may roll back, and a version it raised be raised again to other contents).
import type { Kysely } from './kysely.js';
import type { Database } from './schema.js';
import { changeMark, storeKey } from './prepared.js';

/** The moment a request reads the store at: the change mark, if the store has one now. */
export type ReadPoint = number | undefined;

export const readPoint = (db: Kysely<Database>): ReadPoint => changeMark(db);

interface Entry<V> {
  value: V;
  version?: number;
  /** the read point at which the value was last known true */
  at?: number;
}

interface PerStore<V> {
  entries: Map<string, Entry<V>>;
  /** the newest read point seen; a request holding an older one neither finds nor keeps */
  latest: number;
}

export interface KeptOptions {
  /** at most this many keys per store */
  limit: number;
  /**
   * 'change': values are true until anything in the store changes, and all go then; a full set
   * takes no more until that (replacing old values with new ones would make garbage at the rate
   * of reads). 'version': values are kept across changes, checked by version; a full set forgets
   * its oldest.
   */
  until: 'change' | 'version';
}

export class Kept<V> {
  readonly #stores = new WeakMap<object, PerStore<V>>();

  constructor(private readonly opts: KeptOptions) {}

  #of(db: Kysely<Database>, at: ReadPoint): PerStore<V> {
    let s = this.#stores.get(storeKey(db));
    if (!s) this.#stores.set(storeKey(db), (s = { entries: new Map(), latest: at ?? 0 }));
    if (at !== undefined && at > s.latest) {
      s.latest = at;
      if (this.opts.until === 'change') s.entries.clear();
    }
    return s;
  }

  /** The value kept under `key` if nothing in the store changed since it was known true. */
  unchanged(db: Kysely<Database>, key: string, at: ReadPoint): V | undefined {
    if (at === undefined) return undefined;
    const entry = this.#of(db, at).entries.get(key);
    return entry?.at === at ? entry.value : undefined;
  }

  /** The value kept under `key` if it was read at this version (whatever else changed). */
  atVersion(db: Kysely<Database>, key: string, version: number): V | undefined {
    const entry = this.#stores.get(storeKey(db))?.entries.get(key);
    return entry?.version === version ? entry.value : undefined;
  }

  /** The value kept under `key` and its version, however old: for a caller that checks the version itself. */
  latest(db: Kysely<Database>, key: string): { value: V; version?: number } | undefined {
    return this.#stores.get(storeKey(db))?.entries.get(key);
  }

  /**
   * Keeps `value` under `key`, read at `at` (and, for 'version', at `version`), and returns what is
   * kept: an entry still true at `at` (the same version, or under 'change' any entry) stays and is
   * returned instead, so that requests share one frozen object.
   */
  keep(db: Kysely<Database>, key: string, value: V, at: ReadPoint, version?: number): V {
    if (db.isTransaction) return value;
    const s = this.#of(db, at);
    const now = at !== undefined && at === s.latest ? at : undefined;
    const held = s.entries.get(key);
    if (this.opts.until === 'change') {
      // Read under an older mark, the value may already be out of date: not kept.
      if (now === undefined) return value;
      if (held) return held.value;
      if (s.entries.size < this.opts.limit) s.entries.set(key, { value, at: now });
      return value;
    }
    if (held && held.version === version) {
      // A read with no read point (a client's look-up, PostgreSQL) confirms nothing and clears nothing.
      if (now !== undefined) held.at = now;
      return held.value;
    }
    if (!held && s.entries.size >= this.opts.limit) s.entries.delete(s.entries.keys().next().value!);
    s.entries.set(key, { value, version, at: now });
    return value;
  }
}
