// Request rates enforced where the account asked for them: once an account has set a provisioned
// limit for a category (UpdateProvisionedLimit), requests of that category in its Region beyond the
// limit in one second are refused with TooManyRequestsException, on every cognate instance of the
// store alike. An account that set no limit is not throttled (AWS throttles at the free rates
// anyway; cognate does not, so local load tests are not cut short).
//
// Cost: every instance holds the store's limits and reads them again at most once a second
// (REFRESH_MS), so where no account has set any, a request costs a map look-up and a clock read.
// Where some account has, a request learns its account and Region (the signed caller; for the
// operations AWS serves unsigned, the app client's pool, kept per client id) and, only if that
// account has a limit for the category, counts itself in the store: one conditional upsert on the
// account's counter row (request_rates), which adds one within the current second while the count
// is below the limit, or starts the next second at one, and returns nothing when the second is
// full. A limit set on one instance takes effect there at once, on the others within REFRESH_MS.
import { performance } from 'node:perf_hooks';
import { decodeJwt } from '../../../crypto/jwt.js';
import { TooManyRequestsException } from '../../../generated/cognito-idp/errors.js';
import type { RequestContext } from '../../../kernel/operation.js';
import type { Db } from '../../../store/store.js';
import type { Deps } from '../../context.js';
import { CATEGORY_OF, CHALLENGE_ANSWERS } from './rate-categories.js';
import { getClientAndPool, getPoolById } from './store.js';

/**
 * AWS's text: "Rate exceeded" (boto/boto3#2517, AdminGetUser; aws-amplify/amplify-js#3554, sign-in;
 * aws-amplify/amplify-js#10243, AdminCreateUser; mifi/cognito-backup#12).
 */
export const RATE_EXCEEDED = 'Rate exceeded';

const REFRESH_MS = 1000;
/** client ids whose account and Region a process keeps (a client never moves to another pool) */
const MAX_CLIENTS = 10_000;

interface Held {
  readAt: number;
  /** `account region` → category → requests per second */
  limits: Map<string, Map<string, number>>;
  loading?: Promise<void>;
  clients: Map<string, string | null>;
}
const held = new WeakMap<Db, Held>();

const scopeKey = (account: string, region: string) => `${account} ${region}`;

async function load(db: Db, h: Held): Promise<void> {
  const rows = await db.selectFrom('provisioned_limits').select(['account', 'region', 'category', 'value']).execute();
  const limits = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const key = scopeKey(r.account, r.region);
    let forScope = limits.get(key);
    if (!forScope) limits.set(key, (forScope = new Map()));
    forScope.set(r.category, r.value);
  }
  h.limits = limits;
}

async function fresh(deps: Deps): Promise<Held> {
  const db = deps.store.db;
  let h = held.get(db);
  if (!h) held.set(db, (h = { readAt: -Infinity, limits: new Map(), clients: new Map() }));
  if (performance.now() - h.readAt < REFRESH_MS) return h;
  const started = performance.now();
  const current = h;
  current.loading ??= load(db, current)
    .then(() => {
      current.readAt = started;
    })
    .catch((err) => {
      // Kept as they were: a failed read must not fail requests nor lift limits.
      deps.log.warn({ err }, 'reading provisioned limits failed');
    })
    .finally(() => {
      current.loading = undefined;
    });
  await current.loading;
  return current;
}

/** A limit set by UpdateProvisionedLimit in this process takes effect here at once. */
export function limitSet(db: Db, account: string, region: string, category: string, value: number): void {
  const h = held.get(db);
  if (!h) return;
  const key = scopeKey(account, region);
  let forScope = h.limits.get(key);
  if (!forScope) h.limits.set(key, (forScope = new Map()));
  forScope.set(category, value);
}

async function clientScope(deps: Deps, h: Held, clientId: string): Promise<string | null> {
  const known = h.clients.get(clientId);
  if (known !== undefined) return known;
  let key: string | null = null;
  try {
    const { pool } = await getClientAndPool(deps.store.db, clientId);
    key = scopeKey(pool.account, pool.region);
  } catch {
    return null; // no such client: the operation answers for itself
  }
  if (h.clients.size >= MAX_CLIENTS) h.clients.clear();
  h.clients.set(clientId, key);
  return key;
}

/** The account and Region a request counts against, if it can be told before the operation runs. */
async function scopeOf(
  deps: Deps,
  h: Held,
  ctx: RequestContext,
  signed: boolean,
  input: Record<string, unknown>,
): Promise<string | null> {
  if (signed && ctx.caller) return scopeKey(ctx.caller.account, ctx.caller.region);
  if (typeof input.ClientId === 'string') return clientScope(deps, h, input.ClientId);
  if (typeof input.AccessToken === 'string') {
    const clientId = decodeJwt(input.AccessToken)?.claims.client_id;
    return typeof clientId === 'string' ? clientScope(deps, h, clientId) : null;
  }
  if (typeof input.UserPoolId === 'string') {
    const pool = await getPoolById(deps.store.db, input.UserPoolId);
    return pool ? scopeKey(pool.account, pool.region) : null;
  }
  return null; // a Session alone (AssociateSoftwareToken, VerifySoftwareToken): not counted
}

/** Counts one request in `counter`'s current second if fewer than `limit` were counted; false when full. */
async function take(db: Db, key: string, counter: string, limit: number, second: number): Promise<boolean> {
  const [account, region] = key.split(' ');
  const row = await db
    .insertInto('request_rates')
    .values({ account, region, counter, at_second: second, count: 1 })
    .onConflict((oc) =>
      oc
        .columns(['account', 'region', 'counter'])
        .doUpdateSet((eb) => ({
          count: eb
            .case()
            .when('request_rates.at_second', '=', second)
            .then(eb('request_rates.count', '+', 1))
            .else(1)
            .end(),
          at_second: second,
        }))
        .where((eb) => eb.or([eb('request_rates.at_second', '<>', second), eb('request_rates.count', '<', limit)])),
    )
    .returning('count')
    .executeTakeFirst();
  return row !== undefined;
}

async function enforce(
  deps: Deps,
  ctx: RequestContext,
  operation: string,
  category: string,
  signed: boolean,
  input: Record<string, unknown>,
): Promise<void> {
  const h = await fresh(deps);
  if (h.limits.size === 0) return;
  const key = await scopeOf(deps, h, ctx, signed, input);
  const limit = key === null ? undefined : h.limits.get(key)?.get(category);
  if (key === null || limit === undefined) return;
  const second = Math.floor(deps.now() / 1000);
  const db = deps.store.db;
  // The guide: challenge answers have an allowance of three times the category's limit, and only
  // what exceeds it counts against the category.
  if (CHALLENGE_ANSWERS.has(operation) && (await take(db, key, `${category}/challenge`, limit * 3, second))) return;
  if (!(await take(db, key, category, limit, second))) throw new TooManyRequestsException(RATE_EXCEEDED);
}

/**
 * Refuses the request with TooManyRequestsException when its account has set a limit for the
 * operation's category and the current second's requests reached it. Returns undefined, with
 * nothing read, while this process knows that no account of the store has set a limit.
 */
export function throttle(
  deps: Deps,
  ctx: RequestContext,
  operation: string,
  signed: boolean,
  input: object,
): Promise<void> | undefined {
  const category = CATEGORY_OF.get(operation);
  if (category === undefined) return undefined;
  const h = held.get(deps.store.db);
  if (h && h.limits.size === 0 && performance.now() - h.readAt < REFRESH_MS) return undefined;
  return enforce(deps, ctx, operation, category, signed, input as Record<string, unknown>);
}
