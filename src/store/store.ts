// The store: one Kysely handle over SQLite or PostgreSQL, versioned migrations, transactions.
import { Kysely, Migrator, type Migration, type Transaction } from 'kysely';
import type { Database } from './schema.js';
import { openDialect, type Dialect } from './dialect.js';
import { normalizeDbError } from './errors.js';
import * as m001 from './migrations/001_initial.js';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;

export interface Store {
  db: Db;
  dialect: Dialect;
  location: string;
  /**
   * Marks a SELECT inside a transaction as claiming its rows: FOR UPDATE SKIP LOCKED on
   * PostgreSQL, so concurrent claimers never take the same row; nothing on SQLite, where a write
   * transaction already excludes every other writer.
   */
  skipLocked<QB extends { forUpdate(): QB; skipLocked(): QB }>(qb: QB): QB;
  /** Runs fn in one transaction; store errors come out normalised (UniqueViolation, ...). */
  tx<T>(fn: (trx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const migrations = (dialect: Dialect): Record<string, Migration> => ({
  '001_initial': { up: (db) => m001.up(db, dialect) },
});

export async function openStore(opts: { dbUrl?: string; dataDir: string }): Promise<Store> {
  const { dialect, kysely, location } = openDialect(opts);
  const db = new Kysely<Database>({ dialect: kysely });
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations(dialect) } });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    await db.destroy();
    throw error;
  }
  return {
    db,
    dialect,
    location,
    skipLocked: (qb) => (dialect === 'postgres' ? qb.forUpdate().skipLocked() : qb),
    async tx(fn) {
      try {
        return await db.transaction().execute(fn);
      } catch (e) {
        throw normalizeDbError(e);
      }
    },
    close: () => db.destroy(),
  };
}
