// The one place that knows which database cognate runs on. Service code never asks.
import { closeSync, mkdirSync, openSync, readSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import { SqliteDialect, SqliteDriver, PostgresDialect, CompiledQuery } from './kysely.js';
import type {
  DatabaseConnection,
  Driver,
  QueryResult,
  Dialect as KyselyDialect,
  PostgresPool,
  PostgresPoolClient,
} from 'kysely';
import type { Pool as PgPool, PoolClient as PgPoolClient } from 'pg';
import type { ChangeMark, FastPaths, RunNow } from './prepared.js';

export type Dialect = 'sqlite' | 'postgres';

/** Prepared statements kept per connection; far more than the distinct query texts cognate builds. */
const STATEMENTS = 500;
/** How long a statement waits for SQLite's write lock before it fails with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;
/** SQLITE_BUSY and its extended codes: nothing was done (a COMMIT stays open and may be tried again). */
const isBusy = (e: unknown) =>
  typeof (e as { code?: unknown }).code === 'string' && (e as { code: string }).code.startsWith('SQLITE_BUSY');

/**
 * Kysely's own SQLite connection prepares every query anew, which costs more than running a
 * point look-up. Query builders produce a bounded set of texts (values are bound parameters), so
 * statements are kept per text, least recently used dropped first. Streams get their own
 * statement: better-sqlite3 refuses to reuse one that is still iterating.
 */
class CachingSqliteConnection implements DatabaseConnection {
  private readonly statements = new Map<string, Statement>();
  /** Statements run that may have written (any but read-only ones), for the change mark where it asks data_version. */
  writes = 0;

  /**
   * SQLite's own busy handler sleeps, and better-sqlite3 runs statements synchronously, so a
   * statement that found the write lock taken stopped the thread's event loop (every request)
   * for 1, 2, 5, 10 ... ms at a time. busy_timeout is 0 instead: the statement fails at once with
   * SQLITE_BUSY, and is tried again after this wait, until BUSY_TIMEOUT_MS.
   */
  constructor(
    private readonly db: SqliteDatabase,
    private readonly busy: { wait(): Promise<void>; over(): void },
  ) {}

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

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const stmt = this.prepare(compiled.sql);
    const parameters = compiled.parameters as unknown[];
    // Counted before it runs: an insert ... returning is a reader that writes.
    if (!stmt.readonly) this.writes++;
    const started = Date.now();
    let waited = false;
    try {
      for (;;) {
        try {
          if (stmt.reader) return { rows: stmt.all(parameters) as R[] };
          const { changes, lastInsertRowid } = stmt.run(parameters);
          return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
        } catch (e) {
          if (!isBusy(e) || Date.now() - started > BUSY_TIMEOUT_MS) throw e;
          waited = true;
          await this.busy.wait();
        }
      }
    } finally {
      if (waited) this.busy.over();
    }
  }

  /** Runs a statement that only reads; undefined for one that may write, or that must wait (then executeQuery waits). */
  readNow(sql: string, parameters: readonly unknown[]): unknown[] | undefined {
    const stmt = this.prepare(sql);
    if (!stmt.reader || !stmt.readonly) return undefined;
    try {
      return stmt.all(parameters as unknown[]);
    } catch (e) {
      if (isBusy(e)) return undefined;
      throw e;
    }
  }

  async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    for (const row of this.db.prepare(compiled.sql).iterate(compiled.parameters as unknown[]))
      yield { rows: [row as R] };
  }
}

/**
 * Turns at SQLite's one write lock between a server's thread and its delivery thread (two
 * connections to one file in one process). A server under load runs its write transactions back
 * to back; when a connection that found the lock taken slept in SQLite's busy handler (1, 2, 5,
 * 10 ... ms) before trying again, delivery almost never got its turn (~180 emails/s out while the
 * API took 1,600 calls/s: docs/benchmarks.md). Retrying without sleeping there (see
 * CachingSqliteConnection) is not enough either: the server still takes the lock again first.
 * So a delivery statement that finds the lock taken raises
 * `flag[0]` until it has run, and tries again at the server's next release (`flag[1]` counts
 * them); the server's driver lets a raised flag go first before each write transaction, waiting
 * without blocking its event loop for at most WRITE_TURN_MAX_WAIT_MS.
 */
export interface WriteTurn {
  /** [0]: 1 while a delivery statement waits for the lock; [1]: the server's releases */
  flag: Int32Array;
  role: 'ask' | 'yield';
}
const WRITE_TURN_MAX_WAIT_MS = 50;
/** Atomics.waitAsync: in Node since 16, in TypeScript's lib only from ES2024. */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(a: Int32Array, i: number, v: number, ms: number): { async: boolean; value: Promise<string> | string };
  }
).waitAsync;

/**
 * Kysely's SQLite driver with the caching connection, its own lock over SQLite's one connection
 * (so the store knows when the connection is free), and transactions that start with BEGIN
 * IMMEDIATE: the write lock is taken up front and waited for (see CachingSqliteConnection), instead of a deferred
 * transaction failing with SQLITE_BUSY when it upgrades from reading to writing while another
 * process (a `cognate worker`) has written meanwhile.
 */
class CognateSqliteDriver extends SqliteDriver {
  private readonly connection: CachingSqliteConnection;
  private held = false;
  private readonly waiting: (() => void)[] = [];

  constructor(
    db: SqliteDatabase,
    private readonly turn: WriteTurn,
  ) {
    super({ database: db });
    this.connection = new CachingSqliteConnection(
      db,
      turn.role === 'ask'
        ? {
            // The delivery thread raises the flag while it waits, and tries again at the server's next
            // release (or after 2 ms: the lock may be another process's).
            async wait() {
              Atomics.store(turn.flag, 0, 1);
              const wait = waitAsync(turn.flag, 1, Atomics.load(turn.flag, 1), 2);
              if (wait.async) await wait.value;
            },
            over() {
              Atomics.store(turn.flag, 0, 0);
              Atomics.notify(turn.flag, 0);
            },
          }
        : {
            // The server tries again once a waiting delivery thread has had its turn, else after 1 ms.
            async wait() {
              const wait = waitAsync(turn.flag, 0, 1, 2);
              if (wait.async) await wait.value;
              else await sleep(1);
            },
            over() {},
          },
    );
    this.committed = walIndexWatch(db) ?? dataVersionWatch(db, () => this.connection.writes);
  }

  override async destroy(): Promise<void> {
    this.committed.close?.();
    await super.destroy();
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    if (this.held) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.held = true;
    return this.connection;
  }

  override async releaseConnection(): Promise<void> {
    if (this.turn.role === 'yield') {
      Atomics.add(this.turn.flag, 1, 1);
      Atomics.notify(this.turn.flag, 1);
    }
    const next = this.waiting.shift();
    if (next) next();
    else this.held = false;
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.turn.role === 'yield' && Atomics.load(this.turn.flag, 0) === 1) {
      const wait = waitAsync(this.turn.flag, 0, 1, WRITE_TURN_MAX_WAIT_MS);
      if (wait.async) await wait.value;
    }
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  /**
   * A read run at once while nothing holds the connection: it sees exactly what a read through
   * Kysely would (no transaction is open), without the round of promises that takes the lock.
   */
  readonly runNow: RunNow = (sql, parameters) => (this.held ? undefined : this.connection.readNow(sql, parameters));

  private readonly committed: CommitWatch;
  private mark = 0;

  /**
   * A number that changes whenever the database may have changed: with every commit, by this
   * connection or another (another process, the delivery thread). Undefined while the connection
   * is held: a transaction may be changing things, and a write commits before it is let go.
   */
  readonly changeMark: ChangeMark = () => {
    if (this.held) return undefined;
    if (this.committed()) this.mark++;
    return this.mark;
  };
}

/** True when anything may have been committed since the last call (or, the first time, since the watch was made). */
type CommitWatch = (() => boolean) & { close?: () => void };

/**
 * SQLite's own answer: data_version moves with every other connection's commit; this
 * connection's own are counted (`writes`: statements that may have written). Costs a statement and
 * a read transaction with two file-lock calls; walIndexWatch is used where it can be.
 */
function dataVersionWatch(db: SqliteDatabase, writes: () => number): CommitWatch {
  const dataVersion = db.prepare('pragma data_version').pluck();
  let seen = '';
  return () => seen !== (seen = `${dataVersion.get()}:${writes()}`);
}

/**
 * The same answer for a third of the cost, and with fewer false alarms, for a database in WAL
 * mode: every commit that changed something, by any connection, rewrites the wal-index header at
 * the start of the -shm file, its first copy last, once the commit is complete
 * (https://www.sqlite.org/walformat.html, "The WAL-Index Header"), so 48 bytes read from there
 * show whether anything was committed since they were last read. (A statement that changed nothing, such as the delivery worker's claim when
 * no message is due, commits nothing and leaves it alone; counting statements would not.)
 * Undefined where there is no such file (in memory, another journal mode).
 */
function walIndexWatch(db: SqliteDatabase): CommitWatch | undefined {
  if (db.memory || String(db.pragma('journal_mode', { simple: true })).toLowerCase() !== 'wal') return undefined;
  let fd: number;
  try {
    db.pragma('data_version'); // a read transaction: SQLite makes the -shm file on the first
    fd = openSync(`${db.name}-shm`, 'r');
  } catch {
    return undefined;
  }
  const read = Buffer.alloc(48);
  const seen = Buffer.alloc(48);
  readSync(fd, seen, 0, 48, 0);
  const watch: CommitWatch = () => {
    if (readSync(fd, read, 0, 48, 0) === 48 && read.equals(seen)) return false;
    read.copy(seen);
    return true;
  };
  watch.close = () => closeSync(fd);
  return watch;
}

class CognateSqliteDialect extends SqliteDialect {
  private readonly driver: CognateSqliteDriver;

  constructor(db: SqliteDatabase, turn: WriteTurn) {
    super({ database: db });
    this.driver = new CognateSqliteDriver(db, turn);
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
    if (!name && names.size < PG_NAMED && /^\s*(select|insert|update|delete|with)\b/i.test(text))
      names.set(text, (name = `k${names.size}`));
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

function cannotOpen(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EEXIST' || code === 'ENOTDIR') return 'a file is in the way (a folder is needed)';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'the file system is read-only';
  return e instanceof Error ? e.message : String(e);
}

/** Only the driver of the database in use is loaded (pg alone takes tens of milliseconds). */
export async function openDialect(opts: { dbUrl?: string; dataDir: string; askWriteTurn?: Int32Array }): Promise<{
  dialect: Dialect;
  kysely: KyselyDialect;
  location: string;
  fastPaths?: FastPaths;
  writeTurn?: Int32Array;
}> {
  if (opts.dbUrl && /^postgres(ql)?:\/\//.test(opts.dbUrl)) {
    const { default: pg } = await import('pg');
    // int8 columns (our epoch-millisecond times) come back from node-postgres as strings; every
    // value we store fits a double exactly, so read them as numbers.
    pg.types.setTypeParser(20, (v: string) => Number(v));
    const pool = new pg.Pool({ connectionString: opts.dbUrl, max: 10 });
    // An idle connection that the server drops (restart, failover) must not crash the process:
    // the pool discards it and opens a new one on the next query.
    pool.on('error', () => {});
    return {
      dialect: 'postgres',
      kysely: new PostgresDialect({ pool: namedStatements(pool) }),
      location: opts.dbUrl.replace(/\/\/[^@/]*@/, '//***@'),
    };
  }
  if (opts.dbUrl && !opts.dbUrl.startsWith('sqlite:'))
    throw new Error(`unsupported database URL: ${opts.dbUrl.split(':')[0]}:`);
  const file = opts.dbUrl ? opts.dbUrl.slice('sqlite:'.length) : join(opts.dataDir, 'cognate.db');
  const { default: SQLite } = await import('better-sqlite3');
  let db: InstanceType<typeof SQLite>;
  try {
    if (!opts.dbUrl) mkdirSync(opts.dataDir, { recursive: true });
    db = new SQLite(file);
    // WAL: readers never block the writer. synchronous=NORMAL in WAL mode keeps every committed
    // transaction across a crash of the process; only an OS crash or power loss can lose the last
    // few (https://www.sqlite.org/pragma.html#pragma_synchronous).
    db.pragma('journal_mode = WAL');
  } catch (e) {
    // The driver's and the file system's words name no path: say which folder or file it was.
    const place = opts.dbUrl ? `the database file ${file}` : `the data folder ${opts.dataDir}`;
    throw new Error(`cannot open ${place}: ${cannotOpen(e)}`, { cause: e });
  }
  db.pragma('synchronous = NORMAL');
  // No sleeping in SQLite's busy handler: CachingSqliteConnection waits without blocking.
  db.pragma('busy_timeout = 0');
  db.pragma('foreign_keys = ON');
  // SQLite's own default page cache (2 MB a connection; better-sqlite3 raises it to 16 MB). The
  // server's and its delivery thread's caches filled as writes touched a 100k-user table's indexes
  // and took peak RSS past 150 MB; the operating system caches the file either way.
  db.pragma('cache_size = -2000');
  const turn: WriteTurn = opts.askWriteTurn
    ? { flag: opts.askWriteTurn, role: 'ask' }
    : { flag: new Int32Array(new SharedArrayBuffer(8)), role: 'yield' };
  const kysely = new CognateSqliteDialect(db, turn);
  return {
    dialect: 'sqlite',
    kysely,
    location: file,
    fastPaths: kysely.fastPaths,
    writeTurn: turn.role === 'yield' ? turn.flag : undefined,
  };
}
