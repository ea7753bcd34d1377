// The store: one Kysely handle over SQLite or PostgreSQL, versioned migrations, transactions.
import { Kysely, Migrator, sql } from './kysely.js';
import type { Migration, Transaction } from 'kysely';
import type { Database } from './schema.js';
import { openDialect, type Dialect } from './dialect.js';
import { normalizeDbError } from './errors.js';
import { allowFastPaths } from './prepared.js';
import * as m001 from './migrations/001_initial.js';
import * as m002 from './migrations/002_sign_in_names_and_limits.js';
import * as m003 from './migrations/003_sign_in.js';
import * as m004 from './migrations/004_iam.js';
import * as m005 from './migrations/005_ses.js';
import * as m006 from './migrations/006_sns.js';
import * as m007 from './migrations/007_quota_counters.js';
import * as m008 from './migrations/008_pool_versions.js';
import * as m009 from './migrations/009_refresh_rotation.js';
import * as m010 from './migrations/010_attempt_counters.js';
import * as m014 from './migrations/014_user_import.js';
import * as m012 from './migrations/012_identity_providers.js';
import * as m013 from './migrations/013_branding.js';
import * as m016 from './migrations/016_logs.js';
import * as m017 from './migrations/017_pool_logs_replicas_limits.js';
import * as m023 from './migrations/023_lambda.js';
import * as m026 from './migrations/026_kms.js';
import * as m027 from './migrations/027_client_versions.js';
import * as m030 from './migrations/030_saml_signing_encryption_logout.js';
import * as m018 from './migrations/018_pool_auth_events_log.js';
import * as m019 from './migrations/019_devices.js';
import * as m021 from './migrations/021_request_rates.js';
import * as m022 from './migrations/022_oauth.js';
import * as m015 from './migrations/015_risk.js';
import * as m020 from './migrations/020_passwordless.js';
import * as m011 from './migrations/011_domains_resource_servers_secrets.js';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;

/** What a transaction leaves to do once it has committed (never if it rolls back). */
interface AfterCommit {
  effects: Set<() => void>;
  failure?: Error;
}
const pending = new WeakMap<Tx, AfterCommit>();

function pendingOf(trx: Tx): AfterCommit {
  const p = pending.get(trx);
  if (!p) throw new Error('after-commit work registered outside store.tx');
  return p;
}

/**
 * Runs `effect` once the transaction has committed: once per transaction however often it is
 * registered (every message a transaction queues registers the delivery worker's wake-up), and
 * never if the transaction rolls back. Effects must not throw.
 */
export function afterCommit(trx: Tx, effect: () => void): void {
  pendingOf(trx).effects.add(effect);
}

/**
 * An error the transaction's caller answers once the transaction has committed: the change it
 * made stands, and the caller still hears why part of it failed. (AWS creates the user and then
 * answers CodeDeliveryFailureException when the invitation cannot be sent: aws/aws-sdk#438.)
 * The first such error of a transaction wins; the after-commit effects run first.
 */
export function failAfterCommit(trx: Tx, error: Error): void {
  pendingOf(trx).failure ??= error;
}

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
  /**
   * Runs fn in one transaction; store errors come out normalised (UniqueViolation, ...). After it
   * commits, the effects registered with `afterCommit` run and an error registered with
   * `failAfterCommit` is thrown.
   */
  tx<T>(fn: (trx: Tx) => Promise<T>): Promise<T>;
  /**
   * Registers `write` for the store's next write-behind transaction: what may wait a moment
   * (function log lines, the trigger trace) is written together, at most WRITE_BEHIND_MS after it
   * was registered and off any request's path, so a request does not pay a write of its own for it.
   * Registered once per batch however often (a writer registers its drain each time it buffers
   * something, and the drain takes what is buffered when the batch runs). When the batch's
   * transaction fails, each of its writes' `failed` hears why (what they drained is lost).
   */
  writeBehind(write: (trx: Tx) => Promise<void>, failed: (e: unknown) => void): void;
  /** Writes what is registered for write-behind now, and waits until every batch so far is done. */
  writtenBehind(): Promise<void>;
  /** SQLite: the flag a delivery thread of this process opens its store with to get turns at the write lock (dialect.ts, WriteTurn). */
  writeTurn?: Int32Array;
  /** Writes what waits for write-behind, then closes the database. */
  close(): Promise<void>;
}

/** How long a write-behind batch gathers before it is written (Store.writeBehind). */
export const WRITE_BEHIND_MS = 100;

function writeBehindBatches(tx: Store['tx']): Pick<Store, 'writeBehind' | 'writtenBehind'> {
  let batch = new Map<(trx: Tx) => Promise<void>, (e: unknown) => void>();
  let timer: NodeJS.Timeout | undefined;
  let done: Promise<void> = Promise.resolve();
  const run = () => {
    clearTimeout(timer);
    timer = undefined;
    const writes = batch;
    batch = new Map();
    done = done.then(() =>
      tx(async (trx) => {
        for (const write of writes.keys()) await write(trx);
      }).catch((e) => {
        for (const failed of writes.values()) failed(e);
      }),
    );
    return done;
  };
  return {
    writeBehind(write, failed) {
      batch.set(write, failed);
      if (!timer) (timer = setTimeout(run, WRITE_BEHIND_MS)).unref();
    },
    writtenBehind: () => (batch.size ? run() : done),
  };
}

const migrations = (dialect: Dialect): Record<string, Migration> => ({
  '001_initial': { up: (db) => m001.up(db, dialect) },
  '002_sign_in_names_and_limits': { up: (db) => m002.up(db, dialect) },
  '003_sign_in': { up: (db) => m003.up(db, dialect) },
  '004_iam': { up: (db) => m004.up(db, dialect) },
  '005_ses': { up: (db) => m005.up(db, dialect) },
  '006_sns': { up: (db) => m006.up(db, dialect) },
  '007_quota_counters': { up: (db) => m007.up(db, dialect) },
  '008_pool_versions': { up: (db) => m008.up(db) },
  '009_refresh_rotation': { up: (db) => m009.up(db) },
  '010_attempt_counters': { up: (db) => m010.up(db, dialect) },
  '014_user_import': { up: (db) => m014.up(db, dialect) },
  '012_identity_providers': { up: (db) => m012.up(db, dialect) },
  '013_branding': { up: (db) => m013.up(db, dialect) },
  '016_logs': { up: (db) => m016.up(db, dialect) },
  '017_pool_logs_replicas_limits': { up: (db) => m017.up(db, dialect) },
  '018_pool_auth_events_log': { up: (db) => m018.up(db) },
  '019_devices': { up: (db) => m019.up(db, dialect) },
  '021_request_rates': { up: (db) => m021.up(db, dialect) },
  '022_oauth': { up: (db) => m022.up(db, dialect) },
  '015_risk': { up: (db) => m015.up(db, dialect) },
  '020_passwordless': { up: (db) => m020.up(db, dialect) },
  '011_domains_resource_servers_secrets': { up: (db) => m011.up(db, dialect) },
  '023_lambda': { up: (db) => m023.up(db, dialect) },
  '026_kms': { up: (db) => m026.up(db, dialect) },
  '027_client_versions': { up: (db) => m027.up(db) },
  '030_saml_signing_encryption_logout': { up: (db) => m030.up(db) },
});

/**
 * Whether the database has run exactly the migrations this version knows. Kysely's migrator takes
 * its lock and reads the catalog first (tens of milliseconds on PostgreSQL, on every start); one
 * look at its ledger settles the usual case. Anything else (a new database, a pending migration,
 * one this version does not know) goes through the migrator, which also refuses the last.
 */
async function upToDate(db: Kysely<Database>, names: string[]): Promise<boolean> {
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    const done = new Set(rows.map((r) => r.name));
    return done.size === names.length && names.every((n) => done.has(n));
  } catch {
    return false;
  }
}

export async function openStore(opts: { dbUrl?: string; dataDir: string; askWriteTurn?: Int32Array }): Promise<Store> {
  const { dialect, kysely, location, fastPaths, writeTurn } = await openDialect(opts);
  const db = new Kysely<Database>({ dialect: kysely });
  if (fastPaths) allowFastPaths(db, fastPaths);
  const known = migrations(dialect);
  if (!(await upToDate(db, Object.keys(known)))) {
    const migrator = new Migrator({ db, provider: { getMigrations: async () => known } });
    const { error } = await migrator.migrateToLatest();
    if (error) {
      await db.destroy();
      throw error;
    }
  }
  const tx: Store['tx'] = async (fn) => {
    const after: AfterCommit = { effects: new Set() };
    let result: Awaited<ReturnType<typeof fn>>;
    try {
      result = await db.transaction().execute((trx) => {
        pending.set(trx, after);
        return fn(trx);
      });
    } catch (e) {
      throw normalizeDbError(e);
    }
    for (const effect of after.effects) effect();
    if (after.failure) throw after.failure;
    return result;
  };
  const behind = writeBehindBatches(tx);
  return {
    db,
    dialect,
    location,
    writeTurn,
    skipLocked: (qb) => (dialect === 'postgres' ? qb.forUpdate().skipLocked() : qb),
    tx,
    ...behind,
    async close() {
      await behind.writtenBehind();
      await db.destroy();
    },
  };
}
