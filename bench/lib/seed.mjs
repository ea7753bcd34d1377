// The pre-existing population, written straight into each server's storage while it is stopped
// (100,000 users through the API would take longer than the benchmark itself). Every seeded user
// is a copy of a template user that the server itself created through AdminCreateUser, with only
// its identity changed (username, sub, email), so the rows are in exactly the format the server
// writes. Nothing measured goes through this path: every measured operation is an HTTP request.
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import pg from 'pg';
import { emailOf, username } from './aws.mjs';

/** A copy of the template row for user i; refuses a row format it does not understand. */
function cloneRow(tpl, i, now) {
  const name = username(i);
  const email = emailOf(i);
  const attributes = JSON.parse(tpl.attributes);
  attributes.email = email;
  const row = {
    ...tpl,
    sub: randomUUID(),
    username: name,
    username_key: tpl.username_key === tpl.username ? name : name.toLowerCase(),
    attributes: JSON.stringify(attributes),
    email: email.toLowerCase(),
    // The email as a sign-in name (migration 002): set where the template's is, to the copy's email.
    ...(tpl.email_login != null ? { email_login: email.toLowerCase() } : {}),
    created_at: now,
    updated_at: now,
  };
  return row;
}

/**
 * If a column other than those cloneRow rewrites holds the template's identity, the schema has
 * grown a projection this seeder does not know, and its copies would be wrong: stop.
 */
function checkTemplate(tpl) {
  const rewritten = new Set([
    'sub',
    'username',
    'username_key',
    'attributes',
    'email',
    'email_login',
    'created_at',
    'updated_at',
  ]);
  const identity = [tpl.sub, tpl.username, tpl.email].filter(Boolean).map((v) => String(v).toLowerCase());
  for (const [col, v] of Object.entries(tpl)) {
    if (rewritten.has(col) || v === null) continue;
    if (identity.some((id) => String(v).toLowerCase().includes(id))) {
      throw new Error(`users.${col} holds the template user's identity; teach bench/lib/seed.mjs about it`);
    }
  }
}

export async function seedSqlite(file, poolId, templateName, from, to) {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  try {
    const tpl = db.prepare('SELECT * FROM users WHERE pool_id = ? AND username = ?').get(poolId, templateName);
    if (!tpl) throw new Error(`template user ${templateName} not found`);
    checkTemplate(tpl);
    const cols = Object.keys(tpl);
    const insert = db.prepare(
      `INSERT INTO users (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
    );
    const now = Date.now();
    db.transaction(() => {
      for (let i = from; i < to; i++) {
        const row = cloneRow(tpl, i, now);
        insert.run(...cols.map((c) => row[c]));
      }
    })();
  } finally {
    db.close();
  }
}

export async function seedPostgres(url, poolId, templateName, from, to) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT * FROM users WHERE pool_id = $1 AND username = $2', [
      poolId,
      templateName,
    ]);
    const tpl = rows[0];
    if (!tpl) throw new Error(`template user ${templateName} not found`);
    checkTemplate(tpl);
    const cols = Object.keys(tpl);
    const now = Date.now();
    const batch = Math.floor(60_000 / cols.length);
    await client.query('BEGIN');
    for (let start = from; start < to; start += batch) {
      const values = [];
      const tuples = [];
      for (let i = start; i < Math.min(to, start + batch); i++) {
        const row = cloneRow(tpl, i, now);
        tuples.push(`(${cols.map((_, k) => `$${values.length + k + 1}`).join(', ')})`);
        for (const c of cols) values.push(row[c]);
      }
      await client.query(
        `INSERT INTO users (${cols.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`,
        values,
      );
    }
    await client.query('COMMIT');
    // A running PostgreSQL's autovacuum analyzes a table that grew this much within a minute or
    // so; doing it now keeps the planner's statistics from depending on when the bench runs.
    await client.query('ANALYZE users');
  } finally {
    await client.end();
  }
}

/**
 * cognito-local's pool file. It rewrites the whole file on every change, one fs.writeFile per
 * request with nothing ordering them, so two writes in flight at once can interleave: the older,
 * shorter text lands over the newer one and leaves the newer one's tail behind it. The text up to
 * the first complete JSON value is then an older state of the pool; `salvage` reads that and says so.
 */
export function readCognitoLocal(file, { salvage = false } = {}) {
  const text = readFileSync(file, 'utf8');
  try {
    return { data: JSON.parse(text) };
  } catch (e) {
    const at = /after JSON at position (\d+)/.exec(e.message);
    if (!salvage || !at) throw new Error(`${file}: ${e.message}`);
    return { data: JSON.parse(text.slice(0, Number(at[1]))), corrupt: `${e.message} (file ${text.length} bytes)` };
  }
}

/**
 * cognito-local keeps a pool in .cognito/db/<pool id>.json, read once at start. `options` edits
 * the pool's stored options (see the email look-up note in docs/benchmarks.md). Returns a note
 * when the file had to be salvaged.
 */
export function seedCognitoLocal(file, templateName, from, to, options = {}) {
  const { data, corrupt } = readCognitoLocal(file, { salvage: true });
  const note =
    corrupt &&
    `cognito-local's pool file was corrupt when the bench stopped it to seed (${corrupt}); its first complete JSON value, ${Object.keys(data.Users).length} users, was kept`;
  const tpl = data.Users[templateName];
  if (!tpl) throw new Error(`template user ${templateName} not found in ${file}`);
  for (let i = from; i < to; i++) {
    const name = username(i);
    data.Users[name] = {
      ...tpl,
      Username: name,
      Attributes: tpl.Attributes.map((a) =>
        a.Name === 'email'
          ? { Name: 'email', Value: emailOf(i) }
          : a.Name === 'sub'
            ? { Name: 'sub', Value: randomUUID() }
            : a,
      ),
      RefreshTokens: [],
    };
  }
  for (const [k, v] of Object.entries(options)) {
    if (v === undefined) delete data.Options[k];
    else data.Options[k] = v;
  }
  // The same serialisation cognito-local uses for its own writes.
  writeFileSync(file, JSON.stringify(data, null, 2));
  return note;
}
