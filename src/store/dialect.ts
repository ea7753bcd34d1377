// The one place that knows which database cognate runs on. Service code never asks.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { SqliteDialect, SqliteDriver, PostgresDialect, CompiledQuery, type DatabaseConnection, type Driver, type SqliteDialectConfig, type Dialect as KyselyDialect } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

/**
 * SQLite transactions start with BEGIN IMMEDIATE: the write lock is taken up front and waits out
 * busy_timeout, instead of a deferred transaction failing with SQLITE_BUSY when it upgrades from
 * reading to writing while another process (a `cognate worker`) has written meanwhile.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings);
  }
}

// int8 columns (our epoch-millisecond times) come back from node-postgres as strings; every
// value we store fits a double exactly, so read them as numbers.
pg.types.setTypeParser(20, (v: string) => Number(v));

export function openDialect(opts: { dbUrl?: string; dataDir: string }): { dialect: Dialect; kysely: KyselyDialect; location: string } {
  if (opts.dbUrl && /^postgres(ql)?:\/\//.test(opts.dbUrl)) {
    const pool = new pg.Pool({ connectionString: opts.dbUrl, max: 10 });
    // An idle connection that the server drops (restart, failover) must not crash the process:
    // the pool discards it and opens a new one on the next query.
    pool.on('error', () => {});
    return { dialect: 'postgres', kysely: new PostgresDialect({ pool }), location: opts.dbUrl.replace(/\/\/[^@/]*@/, '//***@') };
  }
  if (opts.dbUrl && !opts.dbUrl.startsWith('sqlite:')) throw new Error(`unsupported database URL: ${opts.dbUrl.split(':')[0]}:`);
  const file = opts.dbUrl ? opts.dbUrl.slice('sqlite:'.length) : join(opts.dataDir, 'cognate.db');
  if (!opts.dbUrl) mkdirSync(opts.dataDir, { recursive: true });
  const db = new SQLite(file);
  // WAL: readers never block the writer. synchronous=NORMAL in WAL mode keeps every committed
  // transaction across a crash of the process; only an OS crash or power loss can lose the last
  // few (https://www.sqlite.org/pragma.html#pragma_synchronous).
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  return { dialect: 'sqlite', kysely: new ImmediateSqliteDialect({ database: db }), location: file };
}
