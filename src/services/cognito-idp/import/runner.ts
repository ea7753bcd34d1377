// Running import jobs in the background of every server. A job StartUserImportJob made Pending is
// claimed by one instance with a conditional UPDATE (Pending → InProgress, this instance as runner,
// a lease); two instances on one PostgreSQL never both run it, and a unique index on the active job
// of an account and Region keeps a second job of the account Pending until the first ends ("Only
// one import job can be active at a time per account": developer guide). The runner reads the
// uploaded file as a stream of its stored chunks and commits users in batches: each batch's users,
// its skipped and failed lines, the job's counts and the line it reached are one transaction, and
// that transaction renews the lease only while the job is still InProgress and this instance's. So a
// crash never leaves half a batch, and an instance that finds a lease run out resumes after the
// last committed line. StopUserImportJob (InProgress → Stopping) makes the next batch roll back
// and the job Stopped.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Store, Tx } from '../../../store/store.js';
import type { UserImportJobRow } from '../../../store/tables/cognito-idp-import.js';
import { UniqueViolation, normalizeDbError } from '../../../store/errors.js';
import type { Deps } from '../../context.js';
import { checkRoleForService } from '../../iam/cognito-role.js';
import { getPool, poolArn, type Pool } from '../pools/store.js';
import { newUser, newUserRow } from '../users/store.js';
import { csvHeader } from './header.js';
import { lines, splitLine } from './csv.js';
import { moveJob, STOPPED_MESSAGE } from './jobs.js';
import { EXISTS_TEXT, logGroupName, logStreamName, writeJobLog, writeOutcomes, type LineOutcome } from './log.js';
import { readRow, RowRefused, rowRules, type RowRules } from './rows.js';

const LEASE_MS = 60_000;
const SWEEP_MS = 2_000;
/** users per transaction, and per INSERT statement (28 columns each: under SQLite's 32,766 parameters) */
const BATCH = 2_000;
const PER_STATEMENT = 500;
/** "The maximum number of rows (users) in the file is 500,000" (developer guide) */
export const MAX_USERS = 500_000;
/** A Created job not started "within 24-48 hours" turns Expired (developer guide); cognate takes 24. */
export const EXPIRES_AFTER_MS = 24 * 3600_000;

// AWS's text (aws-solutions/cognito-user-profiles-export-reference-architecture#9, quoting a job's
// CompletionMessage). When AWS gives up is not on record: cognate fails a job whose skipped and
// failed users outnumber those imported.
const TOO_MANY = 'Too many users have failed or been skipped during the import.';
// Not on record: cognate's words.
const SUCCEEDED = 'Import Job Completed Successfully.';

class LostJob extends Error {}

const wakers = new WeakMap<object, () => void>();
/** Wakes this process's runner after StartUserImportJob committed (else it looks every 2 s). */
export function wakeImportRunner(store: Store): void {
  wakers.get(store.db)?.();
}

export interface ImportRunner {
  stop(): Promise<void>;
}

export function startImportRunner(deps: Deps, log: Logger): ImportRunner {
  const me = randomUUID();
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const sweep = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = sweepOnce(deps, me, log, () => stopped)
      .catch((e: unknown) => log.error({ err: e }, 'user import sweep failed'))
      .finally(() => {
        running = undefined;
        if (again && !stopped) {
          again = false;
          setImmediate(sweep);
        }
      });
  };
  wakers.set(deps.store.db, () => setImmediate(sweep));
  const timer = setInterval(sweep, SWEEP_MS);
  timer.unref();
  setImmediate(sweep);
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      wakers.delete(deps.store.db);
      await running;
    },
  };
}

async function sweepOnce(deps: Deps, me: string, log: Logger, stopped: () => boolean): Promise<void> {
  const db = deps.store.db;
  const now = deps.now();
  // Created jobs never started: Expired, their file deleted ("All data associated with the job was deleted").
  const stale = await db
    .selectFrom('user_import_jobs')
    .select('job_id')
    .where('status', '=', 'Created')
    .where('created_at', '<', now - EXPIRES_AFTER_MS)
    .execute();
  for (const { job_id } of stale) {
    if (await moveJob(db, job_id, ['Created'], 'Expired', { completed_at: now }))
      await db.deleteFrom('user_import_chunks').where('job_id', '=', job_id).execute();
  }
  // A runner that died while its job was Stopping: nothing more will be imported.
  const orphaned = await db
    .selectFrom('user_import_jobs')
    .select('job_id')
    .where('status', '=', 'Stopping')
    .where('lease_until', '<', now)
    .execute();
  for (const { job_id } of orphaned) await finishStopped(deps, job_id);
  const candidates = await db
    .selectFrom('user_import_jobs')
    .selectAll()
    .where((eb) =>
      eb.or([eb('status', '=', 'Pending'), eb.and([eb('status', '=', 'InProgress'), eb('lease_until', '<', now)])]),
    )
    .orderBy('started_at')
    .execute();
  for (const job of candidates) {
    if (stopped()) return;
    if (!(await claim(deps, job, me))) continue;
    await runJob(deps, { ...job, status: 'InProgress', runner: me }, me, log).catch((e: unknown) => {
      if (!(e instanceof LostJob)) throw e;
    });
  }
}

async function claim(deps: Deps, job: UserImportJobRow, me: string): Promise<boolean> {
  const now = deps.now();
  try {
    const r = await deps.store.db
      .updateTable('user_import_jobs')
      .set({ status: 'InProgress', runner: me, lease_until: now + LEASE_MS })
      .where('job_id', '=', job.job_id)
      .where((eb) =>
        eb.or([eb('status', '=', 'Pending'), eb.and([eb('status', '=', 'InProgress'), eb('lease_until', '<', now)])]),
      )
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  } catch (e) {
    // Another job of the account is active: this one stays Pending until it ends.
    if (normalizeDbError(e) instanceof UniqueViolation) return false;
    throw e;
  }
}

async function finishStopped(deps: Deps, jobId: string): Promise<void> {
  if (
    await moveJob(deps.store.db, jobId, ['Stopping'], 'Stopped', {
      completed_at: deps.now(),
      completion_message: STOPPED_MESSAGE,
      runner: null,
      lease_until: null,
    })
  )
    await deps.store.db.deleteFrom('user_import_chunks').where('job_id', '=', jobId).execute();
}

async function finish(deps: Deps, job: UserImportJobRow, me: string, status: 'Succeeded' | 'Failed', message: string) {
  const db = deps.store.db;
  const r = await db
    .updateTable('user_import_jobs')
    .set({ status, completed_at: deps.now(), completion_message: message, runner: null, lease_until: null })
    .where('job_id', '=', job.job_id)
    .where('status', '=', 'InProgress')
    .where('runner', '=', me)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 1)
    await db.deleteFrom('user_import_chunks').where('job_id', '=', job.job_id).execute();
  else await finishStopped(deps, job.job_id);
}

/** The uploaded file's chunks, read one at a time. */
async function* chunks(deps: Deps, job: UserImportJobRow): AsyncGenerator<Uint8Array> {
  for (let seq = 0; ; seq++) {
    const r = await deps.store.db
      .selectFrom('user_import_chunks')
      .select('data')
      .where('job_id', '=', job.job_id)
      .where('upload_id', '=', job.upload_id ?? '')
      .where('seq', '=', seq)
      .executeTakeFirst();
    if (!r) return;
    yield r.data;
  }
}

/**
 * Whether cognito-idp.amazonaws.com may assume the job's role and write its log: the same trust
 * evaluation as the SMS role's (iam/cognito-role.ts), with the developer guide's policy actions
 * ("Creating the CloudWatch Logs IAM role") on the job's log stream.
 */
async function roleRefusal(deps: Deps, pool: Pool, job: UserImportJobRow): Promise<string | undefined> {
  const stream = `arn:aws:logs:${pool.region}:${pool.account}:log-group:${logGroupName(pool.id, pool.name)}:log-stream:${logStreamName(job.job_id, job.name)}`;
  const check = await checkRoleForService(deps.store, {
    account: pool.account,
    roleArn: job.role_arn,
    sourceAccount: pool.account,
    sourceArn: poolArn(pool),
    action: 'logs:PutLogEvents',
    resource: stream,
  });
  if (!check.trust.allowed) return check.trust.summary;
  if (!check.permission.allowed) return check.permission.summary;
  return undefined;
}

async function runJob(deps: Deps, job: UserImportJobRow, me: string, log: Logger): Promise<void> {
  const jlog = log.child({ jobId: job.job_id, poolId: job.pool_id });
  let pool: Pool;
  try {
    const caller = { accessKey: '', account: job.account, region: job.region, service: 'cognito-idp' };
    pool = await getPool(deps.store.db, caller, job.pool_id);
  } catch {
    return; // the pool was deleted, and its jobs with it
  }
  const refusal = await roleRefusal(deps, pool, job);
  if (refusal) {
    jlog.warn({ refusal }, 'user import: the CloudWatch Logs role is refused');
    // "The Amazon CloudWatch Logs role cannot be assumed, doesn't have the correct access policy,
    // or has been deleted" fails the job (developer guide); the text is cognate's.
    return finish(deps, job, me, 'Failed', 'The CloudWatch Logs role cannot be assumed or cannot write the log.');
  }
  let rules: RowRules | undefined;
  let batch: { line: number; text: string }[] = [];
  const counts = { imported: job.imported, skipped: job.skipped, failed: job.failed };
  let users = job.imported + job.skipped + job.failed;
  for await (const { number, text } of lines(chunks(deps, job))) {
    if (number === 1) {
      const problem = headerProblem(pool, splitLine(text));
      // "Amazon Cognito is unable to parse the .csv file" fails the job (developer guide); text cognate's.
      if (problem) return finish(deps, job, me, 'Failed', problem);
      rules = rowRules(pool, splitLine(text));
      continue;
    }
    if (number <= job.lines_done || text.trim() === '') continue;
    if (++users > MAX_USERS) return finish(deps, job, me, 'Failed', `The file has more than ${MAX_USERS} users.`); // cognate's words
    batch.push({ line: number, text });
    if (batch.length === BATCH) {
      await commitBatch(deps, pool, job, me, rules!, batch, counts);
      batch = [];
    }
  }
  if (!rules) return finish(deps, job, me, 'Failed', 'The file is empty.'); // cognate's words
  if (batch.length) await commitBatch(deps, pool, job, me, rules, batch, counts);
  const refused = counts.skipped + counts.failed;
  jlog.info(counts, 'user import finished');
  await finish(
    deps,
    job,
    me,
    refused > counts.imported ? 'Failed' : 'Succeeded',
    refused > counts.imported ? TOO_MANY : SUCCEEDED,
  );
}

/** What is wrong with the header, if anything: every column of GetCSVHeader, nothing else, once each. */
function headerProblem(pool: Pool, header: string[]): string | undefined {
  const want = csvHeader(pool);
  const missing = want.filter((c) => !header.includes(c));
  const unknown = header.filter((c) => !want.includes(c));
  const twice = header.filter((c, i) => header.indexOf(c) !== i);
  // Not on record: cognate's words.
  if (missing.length) return `The header lacks the columns ${missing.join(', ')}.`;
  if (unknown.length) return `The header has columns the user pool does not have: ${unknown.join(', ')}.`;
  if (twice.length) return `The header names these columns more than once: ${twice.join(', ')}.`;
  return undefined;
}

async function commitBatch(
  deps: Deps,
  pool: Pool,
  job: UserImportJobRow,
  me: string,
  rules: RowRules,
  batch: { line: number; text: string }[],
  counts: { imported: number; skipped: number; failed: number },
): Promise<void> {
  const now = deps.now();
  const outcomes: LineOutcome[] = [];
  const rows: { line: number; row: ReturnType<typeof newUserRow> }[] = [];
  for (const { line, text } of batch) {
    try {
      const r = readRow(pool, rules, text, splitLine(text));
      const user = newUser(pool, randomUUID(), r.username, 'RESET_REQUIRED', r.attributes, now);
      // cognito:mfa_enabled: the user's SMS MFA, as the legacy MFAOptions the column dates from.
      if (r.mfaEnabled) user.mfa = { sms: { enabled: true, preferred: true } };
      rows.push({ line, row: newUserRow(pool, user) });
    } catch (e) {
      if (!(e instanceof RowRefused)) throw e;
      outcomes.push({ line, outcome: 'FAILED', message: e.message });
    }
  }
  const lastLine = batch[batch.length - 1].line;
  const moved = await deps.store
    .tx(async (trx) => {
      const inserted = new Set<string>();
      for (let i = 0; i < rows.length; i += PER_STATEMENT) {
        const part = rows.slice(i, i + PER_STATEMENT).map((r) => r.row);
        // A taken username, email or phone sign-in name (the users table's unique keys) leaves the row out.
        const r = await trx
          .insertInto('users')
          .values(part)
          .onConflict((oc) => oc.doNothing())
          .returning('sub')
          .execute();
        for (const { sub } of r) inserted.add(sub);
      }
      const left = rows.filter((r) => !inserted.has(r.row.sub));
      if (left.length) await explainLeftOut(trx, pool, left, outcomes);
      const skipped = outcomes.filter((o) => o.outcome === 'SKIPPED').length;
      const failed = outcomes.length - skipped;
      if (outcomes.length) await writeOutcomes(trx, job.job_id, pool.id, outcomes);
      const succeeded = rows.filter((r) => inserted.has(r.row.sub)).map((r) => r.line);
      await writeJobLog(trx, pool, job, outcomes, succeeded, now);
      const u = await trx
        .updateTable('user_import_jobs')
        .set((eb) => ({
          imported: eb('imported', '+', inserted.size),
          skipped: eb('skipped', '+', skipped),
          failed: eb('failed', '+', failed),
          lines_done: lastLine,
          lease_until: deps.now() + LEASE_MS,
        }))
        .where('job_id', '=', job.job_id)
        .where('status', '=', 'InProgress')
        .where('runner', '=', me)
        .executeTakeFirst();
      // Stopped, deleted or taken over since the last batch: this batch rolls back.
      if (Number(u.numUpdatedRows) !== 1) throw new LostJob();
      return { imported: inserted.size, skipped, failed };
    })
    .catch(async (e: unknown) => {
      if (!(e instanceof LostJob)) throw e;
      await finishStopped(deps, job.job_id);
      throw e;
    });
  counts.imported += moved.imported;
  counts.skipped += moved.skipped;
  counts.failed += moved.failed;
  // On SQLite every statement runs synchronously, so a job would hold the event loop from its
  // first batch to its last: requests (StopUserImportJob among them) get their turn between batches.
  await new Promise((resolve) => setImmediate(resolve));
}

/** Why rows were left out: their username is taken ("The user already exists.": SKIPPED), else a sign-in name is. */
async function explainLeftOut(
  trx: Tx,
  pool: Pool,
  left: { line: number; row: ReturnType<typeof newUserRow> }[],
  outcomes: LineOutcome[],
): Promise<void> {
  const keys = [...new Set(left.map((r) => r.row.username_key))];
  const taken = new Set<string>();
  for (let i = 0; i < keys.length; i += PER_STATEMENT) {
    const found = await trx
      .selectFrom('users')
      .select('username_key')
      .where('pool_id', '=', pool.id)
      .where('username_key', 'in', keys.slice(i, i + PER_STATEMENT))
      .execute();
    for (const { username_key } of found) taken.add(username_key);
  }
  for (const { line, row } of left) {
    if (taken.has(row.username_key)) outcomes.push({ line, outcome: 'SKIPPED', message: EXISTS_TEXT });
    else
      outcomes.push({
        line,
        outcome: 'FAILED',
        // AdminCreateUser's words for the same conflict (users/username.ts: existsMessage)
        message: `An account with the given ${row.email_login !== null ? 'email' : 'phone_number'} already exists.`,
      });
  }
  outcomes.sort((a, b) => a.line - b.line);
}
