// The one place that knows which database cognate runs on. Service code never asks.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import { SqliteDialect, SqliteDriver, PostgresDialect, CompiledQuery } from './kysely.js';
import type { DatabaseConnection, Driver, QueryResult, Dialect as KyselyDialect, PostgresPool, PostgresPoolClient } from 'kysely';
import type { Pool as PgPool, PoolClient as PgPoolClient } from 'pg';
import type { ChangeMark, FastPaths, RunNow } from './prepared.js';

export type Dialect = 'sqlite' | 'postgres';

/** Prepared statements kept per connection; far more than the distinct query texts cognate builds. */
const STATEMENTS = 500;

/**
 * Kysely's own SQLite connection prepares every query anew, which costs more than running a
 * point look-up. Query builders produce a bounded set of texts (values are bound parameters), so
 * statements are kept per text, least recently used dropped first. Streams get their own
 * statement: better-sqlite3 refuses to reuse one that is still iterating.
 */
class CachingSqliteConnection implements DatabaseConnection {
  private readonly statements = new Map<string, Statement>();
  /** Statements run that may have written (any but read-only ones), for the change mark. */
  writes = 0;

  constructor(private readonly db: SqliteDatabase) {}

  private prepare(sql: string): Statement {
    let stmt = this.statements.get(sql);
    if (stmt) {
      this.statements.delete(sql);
    } else {
      stmt = this.db.prepare(sql);
      if (this.statements.size >= STATEMENTS) this.statements.delete(this.statements.keys().next().value!);
    }
    this.statements.set(sql, stmt);
    return stmt;
  }

  executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const stmt = this.prepare(compiled.sql);
    const parameters = compiled.parameters as unknown[];
    // Counted before it runs: an insert ... returning is a reader that writes.
    if (!stmt.readonly) this.writes++;
    if (stmt.reader) return Promise.resolve({ rows: stmt.all(parameters) as R[] });
    const { changes, lastInsertRowid } = stmt.run(parameters);
    return Promise.resolve({ numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] });
  }

  /** Runs a statement that only reads; undefined for one that may write. */
  readNow(sql: string, parameters: readonly unknown[]): unknown[] | undefined {
    const stmt = this.prepare(sql);
    return stmt.reader && stmt.readonly ? stmt.all(parameters as unknown[]) : undefined;
  }

  async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    for (const row of this.db.prepare(compiled.sql).iterate(compiled.parameters as unknown[])) yield { rows: [row as R] };
  }
}

/**
 * Kysely's SQLite driver with the caching connection, its own lock over SQLite's one connection
 * (so the store knows when the connection is free), and transactions that start with BEGIN
 * IMMEDIATE: the write lock is taken up front and waits out busy_timeout, instead of a deferred
 * transaction failing with SQLITE_BUSY when it upgrades from reading to writing while another
 * process (a `cognate worker`) has written meanwhile.
 */
class CognateSqliteDriver extends SqliteDriver {
  private readonly connection: CachingSqliteConnection;
  private held = false;
  private readonly waiting: (() => void)[] = [];

  constructor(db: SqliteDatabase) {
    super({ database: db });
    this.connection = new CachingSqliteConnection(db);
    this.dataVersion = db.prepare('pragma data_version').pluck();
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    if (this.held) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.held = true;
    return this.connection;
  }

  override async releaseConnection(): Promise<void> {
    const next = this.waiting.shift();
    if (next) next();
    else this.held = false;
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  /**
   * A read run at once while nothing holds the connection: it sees exactly what a read through
   * Kysely would (no transaction is open), without the round of promises that takes the lock.
   */
  readonly runNow: RunNow = (sql, parameters) => (this.held ? undefined : this.connection.readNow(sql, parameters));

  private readonly dataVersion: Statement;
  private seen = { dataVersion: -1, writes: -1 };
  private mark = 0;

  /**
   * A number that changes whenever the database may have changed: SQLite's data_version moves
   * with every commit by another connection (another process), and this connection counts its
   * own writes. Undefined while the connection is held (a transaction may be changing things).
   */
  readonly changeMark: ChangeMark = () => {
    if (this.held) return undefined;
    const dataVersion = this.dataVersion.get() as number;
    const { writes } = this.connection;
    if (dataVersion !== this.seen.dataVersion || writes !== this.seen.writes) {
      this.seen = { dataVersion, writes };
      this.mark++;
    }
    return this.mark;
  };
}

class CognateSqliteDialect extends SqliteDialect {
  private readonly driver: CognateSqliteDriver;

  constructor(db: SqliteDatabase) {
    super({ database: db });
    this.driver = new CognateSqliteDriver(db);
  }

  override createDriver(): Driver {
    return this.driver;
  }

  get fastPaths(): FastPaths {
    return { runNow: this.driver.runNow, changeMark: this.driver.changeMark };
  }
}

/** Distinct statement texts given a name; past this, new texts run unnamed (parsed each time). */
const PG_NAMED = 1000;
/** PostgreSQL's "cached plan must not change result type": a named SELECT * met a changed table. */
const PLAN_CHANGED = '0A000';

/**
 * Kysely runs every query unnamed, so PostgreSQL parses and plans it on each call: for point
 * look-ups most of the server's work. Each distinct DML text gets a name (the same on every
 * connection, as node-postgres requires), so each connection parses it once and reuses it, as
 * the SQLite connection above keeps its prepared statements. A named statement that a schema
 * change (another instance's migration) has outdated is answered unnamed, once.
 */
function namedStatements(pool: PgPool): PostgresPool {
  const names = new Map<string, string>();
  const wrapped = new WeakMap<PgPoolClient, PostgresPoolClient>();
  const nameOf = (text: string): string | undefined => {
    let name = names.get(text);
    if (!name && names.size < PG_NAMED && /^\s*(select|insert|update|delete|with)\b/i.test(text)) names.set(text, (name = `k${names.size}`));
    return name;
  };
  const wrap = (client: PgPoolClient): PostgresPoolClient => ({
    query: ((text: string, values: unknown[]) => {
      const name = typeof text === 'string' ? nameOf(text) : undefined;
      if (!name) return client.query(text as never, values as never);
      return client.query({ name, text, values }).catch((e: { code?: string }) => {
        if (e.code !== PLAN_CHANGED) throw e;
        return client.query(text, values);
      });
    }) as unknown as PostgresPoolClient['query'],
    release: () => client.release(),
  });
  return {
    async connect() {
      const client = await pool.connect();
      let w = wrapped.get(client);
      if (!w) wrapped.set(client, (w = wrap(client)));
      return w;
    },
    end: () => pool.end(),
  };
}

/** Only the driver of the database in use is loaded (pg alone takes tens of milliseconds). */
export async function openDialect(opts: { dbUrl?: string; dataDir: string }): Promise<{ dialect: Dialect; kysely: KyselyDialect; location: string; fastPaths?: FastPaths }> {
  if (opts.dbUrl && /^postgres(ql)?:\/\//.test(opts.dbUrl)) {
    const { default: pg } = await import('pg');
    // int8 columns (our epoch-millisecond times) come back from node-postgres as strings; every
    // value we store fits a double exactly, so read them as numbers.
    pg.types.setTypeParser(20, (v: string) => Number(v));
    const pool = new pg.Pool({ connectionString: opts.dbUrl, max: 10 });
    // An idle connection that the server drops (restart, failover) must not crash the process:
    // the pool discards it and opens a new one on the next query.
    pool.on('error', () => {});
    return { dialect: 'postgres', kysely: new PostgresDialect({ pool: namedStatements(pool) }), location: opts.dbUrl.replace(/\/\/[^@/]*@/, '//***@') };
  }
  if (opts.dbUrl && !opts.dbUrl.startsWith('sqlite:')) throw new Error(`unsupported database URL: ${opts.dbUrl.split(':')[0]}:`);
  const file = opts.dbUrl ? opts.dbUrl.slice('sqlite:'.length) : join(opts.dataDir, 'cognate.db');
  if (!opts.dbUrl) mkdirSync(opts.dataDir, { recursive: true });
  const { default: SQLite } = await import('better-sqlite3');
  const db = new SQLite(file);
  // WAL: readers never block the writer. synchronous=NORMAL in WAL mode keeps every committed
  // transaction across a crash of the process; only an OS crash or power loss can lose the last
  // few (https://www.sqlite.org/pragma.html#pragma_synchronous).
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  const kysely = new CognateSqliteDialect(db);
  return { dialect: 'sqlite', kysely, location: file, fastPaths: kysely.fastPaths };
}
