// Test harness: starts the real cognate server on a free port (SQLite in a fresh temp folder, or
// PostgreSQL in a database of its own that is dropped afterwards) and hands out real AWS SDK
// clients pointed at it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe } from 'node:test';
import pg from 'pg';
import { pino } from 'pino';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { loadConfig, type Config } from '../../src/config.js';
import { startCognate, type Running } from '../../src/server/app.js';

export type Backend = 'sqlite' | 'postgres';

/** Cheap scrypt for tests: the same code path, a fraction of the cost. */
export const TEST_KDF = '1024,8,1';

export const PG_URL = process.env.COGNATE_TEST_PG_URL;

export interface TestServer {
  url: string;
  backend: Backend;
  running: Running;
  /** the flags that name its store (`data` or `db`), for a second instance on the same store (`startServer({ join })`) */
  storeFlags: Record<string, string>;
  /** an SDK client signed as account `account` (default: the default account) in `region` */
  cognito(opts?: { region?: string; accessKeyId?: string }): CognitoIdentityProviderClient;
  /** any AWS SDK v3 client (STS, IAM, SES, SESv2, SNS) pointed at the server, signed the same way */
  client<C extends { destroy(): void }>(
    Client: new (config: ClientOptions) => C,
    opts?: { region?: string; accessKeyId?: string },
  ): C;
  /** LocalStack-shaped mailbox contents */
  mailbox(): Promise<MailboxMessage[]>;
  /** waits until a message to `to` arrives (the worker delivers after commit) and returns it */
  waitForEmail(to: string, opts?: { after?: number; timeoutMs?: number }): Promise<MailboxMessage>;
  stop(): Promise<void>;
}

export interface ClientOptions {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  maxAttempts: number;
}

export interface MailboxMessage {
  Id: string;
  Region: string;
  Destination: { ToAddresses: string[] };
  Source: string;
  Subject: string | null;
  Body: { text_part: string | null; html_part: string | null };
  Timestamp: string;
}

async function createPgDatabaseNamed(name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_URL!);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => dropPgDatabase(name),
  };
}

/**
 * Drops a test database once the server's connections have closed: pg's pool.end() returns before
 * its sockets are gone, and forcing them closed would surface as an unhandled error in the test.
 */
export async function dropPgDatabase(name: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    for (let i = 0; i < 100; i++) {
      const { rows } = await c.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
      if (rows[0].n === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await c.end();
  }
}

/** A fresh PostgreSQL database for one test run; returns its URL and how to drop it. */
export async function createPgDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  return createPgDatabaseNamed(`cognate_test_${randomBytes(6).toString('hex')}`);
}

/** A clock a test can move forward; the server reads it for every operation. */
export function testClock(): { now: () => number; advance(ms: number): void } {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance: (ms) => {
      offset += ms;
    },
  };
}

export async function startServer(
  opts: {
    backend?: Backend;
    flags?: Record<string, string | boolean>;
    now?: () => number;
    logLines?: string[];
    join?: TestServer;
  } = {},
): Promise<TestServer> {
  const backend = opts.join?.backend ?? opts.backend ?? 'sqlite';
  let cleanup: () => Promise<void>;
  // COGNATE_TEST_LOG=debug shows the server's log while a test runs.
  const flags: Record<string, string | boolean> = {
    port: '0',
    kdf: TEST_KDF,
    'log-level': process.env.COGNATE_TEST_LOG ?? 'silent',
    ...opts.flags,
  };
  if (opts.join) {
    // Another instance on the same store, as a second process would be; the first one cleans up.
    Object.assign(flags, opts.join.storeFlags);
    cleanup = async () => {};
  } else if (backend === 'postgres') {
    if (!PG_URL) throw new Error('COGNATE_TEST_PG_URL is not set');
    const db = await createPgDatabase();
    flags.db = db.url;
    cleanup = db.drop;
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'cognate-test-'));
    flags.data = dir;
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  const config: Config = loadConfig(flags, {});
  // logLines: the server's log lines are collected there, for tests of what it logs.
  const lines = opts.logLines;
  const log = lines
    ? pino({ level: String(flags['log-level']) }, { write: (line: string) => void lines.push(line) })
    : pino({ level: String(flags['log-level']) });
  const running = await startCognate(config, log, { now: opts.now });
  const clients: { destroy(): void }[] = [];
  const server: TestServer = {
    url: running.url,
    backend,
    running,
    storeFlags: Object.fromEntries(
      ['data', 'db'].filter((k) => typeof flags[k] === 'string').map((k) => [k, flags[k] as string]),
    ),
    cognito(opts = {}) {
      return this.client(CognitoIdentityProviderClient, opts);
    },
    client(Client, { region = 'us-east-1', accessKeyId = 'test' } = {}) {
      const c = new Client({
        endpoint: running.url,
        region,
        credentials: { accessKeyId, secretAccessKey: 'test' },
        maxAttempts: 1,
      });
      clients.push(c);
      return c;
    },
    async mailbox() {
      const res = await fetch(`${running.url}/_aws/ses`);
      return ((await res.json()) as { messages: MailboxMessage[] }).messages;
    },
    async waitForEmail(to, { after = 0, timeoutMs = 5000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = (await server.mailbox()).filter((m) => m.Destination.ToAddresses.includes(to));
        if (found.length > after) return found[found.length - 1];
        if (Date.now() > deadline) throw new Error(`no email to ${to} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async stop() {
      for (const c of clients) c.destroy();
      await running.close();
      await cleanup();
    },
  };
  return server;
}

/** The 6-digit code in a message body. */
export function codeIn(message: MailboxMessage): string {
  const m = /\b(\d{6})\b/.exec(message.Body.text_part ?? '');
  if (!m) throw new Error(`no code in: ${message.Body.text_part}`);
  return m[1];
}

/**
 * Declares a suite once per backend: SQLite always, PostgreSQL when COGNATE_TEST_PG_URL is set
 * (otherwise that suite is reported as skipped, never as passed).
 */
export function eachBackend(name: string, fn: (backend: Backend) => void): void {
  describe(`${name} [sqlite]`, () => fn('sqlite'));
  if (PG_URL) describe(`${name} [postgres]`, () => fn('postgres'));
  else describe(`${name} [postgres]`, { skip: 'COGNATE_TEST_PG_URL is not set' }, () => {});
}

/** Expects `p` to reject with the named AWS exception; returns the error for further checks. */
export async function rejectsWith(
  p: Promise<unknown>,
  name: string,
  message?: string | RegExp,
): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await p;
  } catch (e) {
    const err = e as Error;
    if (err.name !== name) throw new Error(`expected ${name}, got ${err.name}: ${err.message}`);
    if (message instanceof RegExp ? !message.test(err.message) : message !== undefined && err.message !== message) {
      throw new Error(`expected message ${String(message)}, got: ${err.message}`);
    }
    return err;
  }
  throw new Error(`expected ${name}, but the call succeeded`);
}
