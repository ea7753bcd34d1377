// The servers compared: cognate on SQLite, cognate on PostgreSQL, cognito-local, and the bare
// node:http ceiling. Each target knows how to start its server, where its data lives, how to seed
// it directly and how to check its storage after a crash.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import pg from 'pg';
import { must } from './aws.mjs';
import { readCognitoLocal, seedCognitoLocal, seedPostgres, seedSqlite } from './seed.mjs';

// Cognito's default sender allows 50 emails a day per account and region (as AWS does), and every
// SignUp here sends its code through it: the run lifts the quota so that SignUp keeps answering.
// The quota's counter is still updated on every sign-up.
const cognateEnv = () => ({ COGNATE_DEFAULT_EMAIL_DAILY_QUOTA: '1000000000' });

/** The Node flags the `cognate` command runs with (its shebang), so the bench runs what users run. */
function binNodeFlags(root) {
  const first = readFileSync(join(root, 'dist/src/cli/main.js'), 'utf8').split('\n', 1)[0];
  const m = /^#!\/usr\/bin\/env -S node (.+)$/.exec(first);
  return m ? m[1].trim().split(/\s+/) : [];
}

function cognateArgs(root, store, kdf, processes) {
  return (port) => [
    ...binNodeFlags(root),
    join(root, 'dist/src/cli/main.js'),
    'start',
    '--port',
    String(port),
    ...store,
    ...(kdf ? ['--kdf', kdf] : []),
    ...(processes > 1 ? ['--processes', String(processes)] : []),
    '--log-level',
    'warn',
  ];
}

export function cognateSqlite(root) {
  const dir = mkdtempSync(join(tmpdir(), 'cognate-bench-'));
  const file = join(dir, 'cognate.db');
  return {
    key: 'sqlite',
    label: 'cognate (SQLite)',
    file,
    spec: (kdf, processes = 1) => ({
      label: 'cognate (SQLite)',
      args: cognateArgs(root, ['--data', dir], kdf, processes),
      cwd: root,
      env: cognateEnv,
    }),
    seed: (poolId, tpl, from, to) => seedSqlite(file, poolId, tpl, from, to),
    async countUsers(poolId) {
      const db = new Database(file, { readonly: true });
      try {
        return db.prepare('SELECT count(*) AS n FROM users WHERE pool_id = ?').get(poolId).n;
      } finally {
        db.close();
      }
    },
    async integrity() {
      const db = new Database(file, { readonly: true });
      try {
        return db.pragma('integrity_check', { simple: true });
      } finally {
        db.close();
      }
    },
    async cleanup(keep) {
      if (!keep) rmSync(dir, { recursive: true, force: true });
      return dir;
    },
  };
}

export async function cognatePostgres(root, adminUrl) {
  const name = `cognate_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  return {
    key: 'postgres',
    label: 'cognate (PostgreSQL)',
    database: name,
    url,
    spec: (kdf, processes = 1) => ({
      label: 'cognate (PostgreSQL)',
      args: cognateArgs(root, ['--db', url], kdf, processes),
      cwd: root,
      env: cognateEnv,
    }),
    seed: (poolId, tpl, from, to) => seedPostgres(url, poolId, tpl, from, to),
    async countUsers(poolId) {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        return Number((await c.query('SELECT count(*) AS n FROM users WHERE pool_id = $1', [poolId])).rows[0].n);
      } finally {
        await c.end();
      }
    },
    // PostgreSQL recovers from its WAL; what matters is the acknowledged-user check.
    integrity: async () => 'n/a (WAL recovery)',
    async cleanup(keep) {
      if (keep) return name;
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      return name;
    },
  };
}

export function cognitoLocal(peersDir) {
  const dir = mkdtempSync(join(tmpdir(), 'cognito-local-bench-'));
  mkdirSync(join(dir, '.cognito/db'), { recursive: true });
  // cognito-local's built-in default makes every new pool use email as the username; the bench
  // pool asks for email as an alias instead, the same request cognate gets.
  writeFileSync(join(dir, '.cognito/config.json'), JSON.stringify({ UserPoolDefaults: { UsernameAttributes: [] } }));
  const poolFile = (poolId) => join(dir, '.cognito/db', `${poolId}.json`);
  return {
    key: 'cognito-local',
    label: 'cognito-local',
    spec: () => ({
      label: 'cognito-local',
      args: () => [join(peersDir, 'node_modules/cognito-local/lib/bin/start.js')],
      cwd: dir,
      env: (port) => ({ PORT: String(port), HOST: '127.0.0.1' }),
    }),
    seed: async (poolId, tpl, from, to, options) => seedCognitoLocal(poolFile(poolId), tpl, from, to, options),
    // While it runs, its own answer (ListUsers returns every user at once); stopped, its file.
    async countUsers(poolId, base) {
      if (base) return (await must(base, 'ListUsers', { UserPoolId: poolId })).Users.length;
      return Object.keys(readCognitoLocal(poolFile(poolId)).data.Users).length;
    },
    /** The pool file as the kill left it, before cognito-local reads (and rewrites) it. */
    afterKill(poolId) {
      const size = statSync(poolFile(poolId)).size;
      if (size === 0) return 'pool file empty (0 bytes)';
      try {
        return `pool file readable, ${Object.keys(readCognitoLocal(poolFile(poolId)).data.Users).length} users (${size} bytes)`;
      } catch (e) {
        return `pool file unreadable (${size} bytes): ${e.message.split(': ').slice(1).join(': ')}`;
      }
    },
    async integrity(poolId) {
      try {
        readCognitoLocal(poolFile(poolId));
        return 'ok';
      } catch (e) {
        return `pool file unreadable: ${e.message.split(': ').slice(1).join(': ')}`;
      }
    },
    async cleanup(keep) {
      if (!keep) rmSync(dir, { recursive: true, force: true });
      return dir;
    },
  };
}

export const ceilingSpec = (benchDir) => ({
  label: 'node:http ceiling',
  args: (port) => [join(benchDir, 'ceiling-server.mjs'), String(port)],
  cwd: benchDir,
});
