// ListUsers' Filter: `attribute = "value"` (exact) or `attribute ^= "value"` (prefix), one
// attribute per filter, the value in double quotes with backslash escapes; "" lists everyone.
// Each searchable attribute maps onto an indexed column (pool_id, column, username_key), and a
// prefix becomes a range on it rather than LIKE, so both dialects answer from the index.
import { InvalidParameterException } from '../../../generated/cognito-idp/errors.js';
import type { Db } from '../../../store/store.js';
import type { Pool } from '../pools/store.js';
import { usernameKey, VIEW_COLUMNS } from './store.js';

type Column =
  | 'username_key'
  | 'email'
  | 'phone_number'
  | 'name'
  | 'given_name'
  | 'family_name'
  | 'preferred_username'
  | 'status'
  | 'sub';

export type UserFilter =
  | { kind: 'all' }
  | { kind: 'column'; column: Column; prefix: boolean; value: string }
  | { kind: 'enabled'; values: number[] };

const FORM = /^\s*([^\s=^"]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/s;

/**
 * How each searchable attribute is stored. The attribute projections are lower-cased in the
 * store (searches ignore case, developer guide); `username` follows the pool's case setting;
 * `cognito:user_status` matches any case of the UserStatus values.
 */
const COLUMNS: Record<string, { column: Column; fold: (pool: Pool, v: string) => string }> = {
  username: { column: 'username_key', fold: usernameKey },
  email: { column: 'email', fold: (_p, v) => v.toLowerCase() },
  phone_number: { column: 'phone_number', fold: (_p, v) => v.toLowerCase() },
  name: { column: 'name', fold: (_p, v) => v.toLowerCase() },
  given_name: { column: 'given_name', fold: (_p, v) => v.toLowerCase() },
  family_name: { column: 'family_name', fold: (_p, v) => v.toLowerCase() },
  preferred_username: { column: 'preferred_username', fold: (_p, v) => v.toLowerCase() },
  'cognito:user_status': { column: 'status', fold: (_p, v) => v.toUpperCase() },
  sub: { column: 'sub', fold: (_p, v) => v.toLowerCase() },
};

/** `status` is the Enabled flag, spelled as the console shows it, case-sensitive (model doc). */
const ENABLED_NAMES: [string, number][] = [
  ['Enabled', 1],
  ['Disabled', 0],
];

export function parseFilter(pool: Pool, filter: string | undefined): UserFilter {
  if (filter === undefined || filter.trim() === '') return { kind: 'all' };
  const m = FORM.exec(filter);
  // AWS's text, final period included, in raw 400 bodies (aws/aws-sdk-php#1088, 2016; #1961, 2020;
  // aws/aws-sdk-js#3147, 2020); moto's copy has none.
  if (!m) throw new InvalidParameterException('Error while parsing filter.');
  const [, attribute, op, quoted] = m;
  const value = quoted.replace(/\\(.)/gs, '$1');
  const prefix = op === '^=';
  if (attribute === 'status') {
    return {
      kind: 'enabled',
      values: ENABLED_NAMES.filter(([n]) => (prefix ? n.startsWith(value) : n === value)).map(([, v]) => v),
    };
  }
  const searchable = Object.hasOwn(COLUMNS, attribute) ? COLUMNS[attribute] : undefined;
  // AWS rejects custom and other attributes (ListUsers API reference) but its text is not on
  // record; moto's wording, which suites written against moto assert.
  if (!searchable) throw new InvalidParameterException(`Invalid search attribute: ${attribute}`);
  return { kind: 'column', column: searchable.column, prefix, value: searchable.fold(pool, value) };
}

/**
 * Above every character that can follow a prefix: U+10FFFF is F4 8F BF BF in UTF-8, the largest
 * sequence, and both SQLite's BINARY and PostgreSQL's "C" collation compare bytes.
 */
const AFTER_PREFIX = '\u{10FFFF}';

/**
 * The listing order, also the page position. A prefix listing is sorted by the filtered
 * attribute first (as the developer guide describes), so that its index serves the range, the
 * order and the page boundary at once; under an exact match the attribute is constant and the
 * same index is already in username order.
 */
export function orderOf(filter: UserFilter): Column[] {
  if (filter.kind !== 'column' || !filter.prefix || filter.column === 'username_key') return ['username_key'];
  return filter.column === 'sub' ? ['sub'] : [filter.column, 'username_key'];
}

/** One page of the pool's matching users after `after` (values of orderOf), one extra row to tell whether more remain. */
export function usersPage(db: Db, pool: Pool, filter: UserFilter, after: string[] | undefined, limit: number) {
  const keys = orderOf(filter);
  // What ListUsers shows (a user view) and the page position.
  const columns: ((typeof VIEW_COLUMNS)[number] | Column)[] = [
    ...VIEW_COLUMNS,
    ...keys.filter((k) => !(VIEW_COLUMNS as readonly string[]).includes(k)),
  ];
  let q = db.selectFrom('users').select(columns).where('pool_id', '=', pool.id);
  if (filter.kind === 'enabled' && filter.values.length < 2)
    q = q.where('enabled', 'in', filter.values.length ? filter.values : [-1]);
  if (filter.kind === 'column' && !filter.prefix) q = q.where(filter.column, '=', filter.value);
  if (filter.kind === 'column' && filter.prefix) {
    q = q.where(filter.column, '<', filter.value + AFTER_PREFIX);
    // A position inside the prefix's range replaces its lower bound as the seek key.
    if (!after?.[0].startsWith(filter.value)) q = q.where(filter.column, '>=', filter.value);
  }
  if (after) {
    q =
      keys.length === 1
        ? q.where(keys[0], '>', after[0])
        : q.where(({ eb, refTuple, tuple }) => eb(refTuple(keys[0], keys[1]), '>', tuple(after[0], after[1])));
  }
  for (const k of keys) q = q.orderBy(k);
  return q.limit(limit + 1).execute();
}
