// Users in the store. Attributes live in one JSON column; the filterable ones are also
// projected into indexed columns so that alias look-ups and ListUsers filters never scan.
import type { AttributeType, UserType } from '@aws-sdk/client-cognito-identity-provider';
import {
  AliasExistsException,
  UserNotFoundException,
  UsernameExistsException,
} from '../../../generated/cognito-idp/errors.js';
import type { Db, Tx } from '../../../store/store.js';
import type { Database } from '../../../store/schema.js';
import type { UserRow } from '../../../store/tables/cognito-idp.js';
import type { Kysely } from 'kysely';
import { prepared } from '../../../store/prepared.js';
import { Kept, readPoint, type ReadPoint } from '../../../store/kept.js';
import { UniqueViolation, normalizeDbError } from '../../../store/errors.js';
import { getPool, getPoolUnchanged, knownPool, noSuchPool, poolConfirmed, type Pool } from '../pools/store.js';
import type { Caller } from '../../../kernel/caller.js';

export type UserStatus =
  | 'UNCONFIRMED'
  | 'CONFIRMED'
  | 'FORCE_CHANGE_PASSWORD'
  | 'RESET_REQUIRED'
  | 'EXTERNAL_PROVIDER'
  | 'UNKNOWN';

export interface MfaFactor {
  enabled: boolean;
  preferred: boolean;
}

export interface MfaSettings {
  sms?: MfaFactor;
  software?: MfaFactor;
  email?: MfaFactor;
}

export interface User {
  poolId: string;
  sub: string;
  username: string;
  status: UserStatus;
  enabled: boolean;
  passwordHash: string | null;
  /** when a temporary password stops working (FORCE_CHANGE_PASSWORD users); null otherwise */
  passwordExpiresAt: number | null;
  /** the password's SRP-6a salt and verifier (hex); null for a user without one yet */
  srp: { salt: string; verifier: string } | null;
  /** the MFA factors the user has turned on, and which one they prefer */
  mfa: MfaSettings;
  /** the software token's secret, sealed; null until one is verified */
  totpSecret: string | null;
  /** a secret being associated (AssociateSoftwareToken), sealed, until VerifySoftwareToken */
  totpPendingSecret: string | null;
  /** every attribute but sub */
  attributes: Record<string, string>;
  createdAt: number;
  updatedAt: number;
  /**
   * Wrong passwords in a row and the end of the lockout they caused, as read with the user (a new
   * user has none). Read-only here: only auth/lockout.ts writes them, in statements of their own.
   */
  lockout?: { failures: number; until: number };
}

/** A user not yet stored: no password, MFA or secrets until the operation that creates it sets them. */
export function newUser(
  pool: Pool,
  sub: string,
  username: string,
  status: UserStatus,
  attributes: Record<string, string>,
  now: number,
): User {
  return {
    poolId: pool.id,
    sub,
    username,
    status,
    enabled: true,
    passwordHash: null,
    passwordExpiresAt: null,
    srp: null,
    mfa: {},
    totpSecret: null,
    totpPendingSecret: null,
    attributes,
    createdAt: now,
    updatedAt: now,
  };
}

/** Usernames are case-sensitive unless the pool says otherwise (the API default; the console turns it off). */
export function usernameKey(pool: Pool, username: string): string {
  return pool.config.UsernameConfiguration?.CaseSensitive === false ? username.toLowerCase() : username;
}

/** Searchable projections are lower-cased: ListUsers searches and alias look-ups ignore case (developer guide). */
const fold = (v: string | undefined) => (v === undefined ? null : v.toLowerCase());

/**
 * The email or phone number as a sign-in name: always where the pool signs in with it
 * (UsernameAttributes), once verified where it is an alias. The store keeps these unique per pool.
 */
function loginName(pool: Pool, a: Record<string, string>, attr: 'email' | 'phone_number'): string | null {
  if (!a[attr]) return null;
  if ((pool.config.UsernameAttributes ?? []).includes(attr)) return a[attr].toLowerCase();
  return (pool.config.AliasAttributes ?? []).includes(attr) && a[`${attr}_verified`] === 'true'
    ? a[attr].toLowerCase()
    : null;
}

/** The lockout counters are written by their own atomic statements (users/sign-in.ts), never here. */
type WrittenRow = Omit<UserRow, 'failed_sign_ins' | 'last_failed_sign_in_at' | 'locked_until' | 'totp_last_step'>;

function toRow(pool: Pool, u: User): WrittenRow {
  const a = u.attributes;
  return {
    pool_id: u.poolId,
    sub: u.sub,
    username: u.username,
    username_key: usernameKey(pool, u.username),
    status: u.status,
    enabled: u.enabled ? 1 : 0,
    password_hash: u.passwordHash,
    attributes: JSON.stringify(a),
    email: fold(a.email),
    email_verified: a.email_verified === 'true' ? 1 : 0,
    phone_number: fold(a.phone_number),
    phone_number_verified: a.phone_number_verified === 'true' ? 1 : 0,
    name: fold(a.name),
    given_name: fold(a.given_name),
    family_name: fold(a.family_name),
    preferred_username: fold(a.preferred_username),
    // A federated user signs in at their IdP: their email and phone are no sign-in names of the
    // pool, so a native user with the same email keeps it (AWS keeps both users apart).
    email_login: u.status === 'EXTERNAL_PROVIDER' ? null : loginName(pool, a, 'email'),
    phone_login: u.status === 'EXTERNAL_PROVIDER' ? null : loginName(pool, a, 'phone_number'),
    password_expires_at: u.passwordExpiresAt,
    srp_salt: u.srp?.salt ?? null,
    srp_verifier: u.srp?.verifier ?? null,
    mfa: Object.keys(u.mfa).length ? JSON.stringify(u.mfa) : null,
    totp_secret: u.totpSecret,
    totp_pending_secret: u.totpPendingSecret,
    created_at: u.createdAt,
    updated_at: u.updatedAt,
  };
}

/**
 * What an operation that only shows a user reads of them: no password, SRP verifier or secrets,
 * and nothing that saveUser would take (it wants a whole User). A user row has ~30 columns, and
 * turning all of them into a JavaScript object costs about twice the look-up itself.
 */
export type UserView = Pick<
  User,
  'poolId' | 'sub' | 'username' | 'status' | 'enabled' | 'mfa' | 'attributes' | 'createdAt' | 'updatedAt'
>;
export const VIEW_COLUMNS = [
  'pool_id',
  'sub',
  'username',
  'status',
  'enabled',
  'mfa',
  'attributes',
  'created_at',
  'updated_at',
] as const;
export type ViewRow = Pick<UserRow, (typeof VIEW_COLUMNS)[number]>;

export const viewOf = (r: ViewRow): UserView => ({
  poolId: r.pool_id,
  sub: r.sub,
  username: r.username,
  status: r.status as UserStatus,
  enabled: r.enabled === 1,
  mfa: r.mfa ? (JSON.parse(r.mfa) as MfaSettings) : {},
  attributes: JSON.parse(r.attributes),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const fromRow = (r: UserRow): User => ({
  ...viewOf(r),
  passwordHash: r.password_hash,
  passwordExpiresAt: r.password_expires_at,
  srp: r.srp_salt && r.srp_verifier ? { salt: r.srp_salt, verifier: r.srp_verifier } : null,
  totpSecret: r.totp_secret,
  totpPendingSecret: r.totp_pending_secret,
  lockout: { failures: r.failed_sign_ins ?? 0, until: r.locked_until ?? 0 },
});

/** A new user's whole row, as insertUser writes it: for writing many users in one statement (user import). */
export function newUserRow(pool: Pool, user: User): UserRow {
  return {
    ...toRow(pool, user),
    failed_sign_ins: 0,
    last_failed_sign_in_at: null,
    locked_until: null,
    totp_last_step: null,
  };
}

export async function insertUser(trx: Tx | Db, pool: Pool, user: User, existsMessage: string): Promise<void> {
  try {
    await trx
      .insertInto('users')
      .values({
        ...toRow(pool, user),
        failed_sign_ins: 0,
        last_failed_sign_in_at: null,
        locked_until: null,
        totp_last_step: null,
      })
      .execute();
  } catch (e) {
    if (normalizeDbError(e) instanceof UniqueViolation) {
      throw new UsernameExistsException(existsMessage);
    }
    throw e;
  }
}

/**
 * Saves a changed user. The operations check sign-in names before they write; a concurrent writer
 * that claimed the same email or phone number in between meets the store's unique index here.
 */
export async function saveUser(trx: Tx | Db, pool: Pool, user: User): Promise<void> {
  const { pool_id: _p, sub: _s, created_at: _c, ...row } = toRow(pool, user);
  try {
    await trx.updateTable('users').set(row).where('pool_id', '=', user.poolId).where('sub', '=', user.sub).execute();
  } catch (e) {
    const err = normalizeDbError(e);
    if (err instanceof UniqueViolation)
      throw new AliasExistsException(
        `An account with the ${err.columns.includes('phone_login') ? 'phone_number' : 'email'} already exists.`,
      );
    throw e;
  }
}

/** The columns a look-up returns: all of them (a User), or a view's. */
type Columns = readonly (keyof UserRow & string)[] | 'all';
const usersTable = (db: Kysely<Database>, columns: Columns) =>
  columns === 'all' ? db.selectFrom('users').selectAll() : db.selectFrom('users').select(columns);

/** The look-ups by username key and by each sign-in attribute, returning `columns`. */
function lookups<R>(columns: Columns) {
  type SignInAttribute = 'email' | 'phone_number' | 'preferred_username';
  /** `verified` names the flag an alias must have set. */
  const byAttribute = (attr: SignInAttribute, verified?: 'email_verified' | 'phone_number_verified') =>
    prepared<'pool' | 'name', R>((db, $) => {
      const q = usersTable(db, columns).where('pool_id', '=', $('pool')).where(attr, '=', $('name'));
      return verified ? q.where(verified, '=', 1) : q;
    });
  // As username any value matches; as an alias, email and phone only once verified.
  const asUsername = {
    email: byAttribute('email'),
    phone_number: byAttribute('phone_number'),
    preferred_username: byAttribute('preferred_username'),
  };
  return {
    byKey: prepared<'pool' | 'key', R>((db, $) =>
      usersTable(db, columns).where('pool_id', '=', $('pool')).where('username_key', '=', $('key')),
    ),
    asUsername,
    asAlias: {
      ...asUsername,
      email: byAttribute('email', 'email_verified'),
      phone_number: byAttribute('phone_number', 'phone_number_verified'),
    },
  };
}

/** The row a name refers to, through these look-ups (see findUser). */
async function findRow<R>(
  find: ReturnType<typeof lookups<R>>,
  db: Db | Tx,
  pool: Pool,
  name: string,
): Promise<R | undefined> {
  const byName = await find.byKey.first(db, { pool: pool.id, key: usernameKey(pool, name) });
  return byName ?? findRowBySignInAttribute(find, db, pool, name);
}

/** The row a name refers to as an email, phone number or preferred username, where the pool allows. */
async function findRowBySignInAttribute<R>(
  find: ReturnType<typeof lookups<R>>,
  db: Db | Tx,
  pool: Pool,
  name: string,
): Promise<R | undefined> {
  const usernameAttrs = pool.config.UsernameAttributes ?? [];
  const aliases = pool.config.AliasAttributes ?? [];
  for (const attr of ['email', 'phone_number', 'preferred_username'] as const) {
    const asUsername = usernameAttrs.includes(attr as 'email');
    if (!asUsername && !aliases.includes(attr)) continue;
    const row = await (asUsername ? find.asUsername : find.asAlias)[attr].first(db, {
      pool: pool.id,
      name: name.toLowerCase(),
    });
    if (row) return row;
  }
  return undefined;
}

const allColumns = lookups<UserRow>('all');

/**
 * The user a name refers to: the username itself, or, where the pool allows, an email or phone
 * number used as username (UsernameAttributes) or a sign-in alias (AliasAttributes; email and
 * phone only once verified).
 */
export async function findUser(db: Db | Tx, pool: Pool, name: string): Promise<User | undefined> {
  const row = await findRow(allColumns, db, pool, name);
  return row && fromRow(row);
}

export async function requireUser(db: Db | Tx, pool: Pool, name: string): Promise<User> {
  const user = await findUser(db, pool, name);
  if (!user) throw new UserNotFoundException('User does not exist.');
  return user;
}

const viewColumns = lookups<ViewRow>(VIEW_COLUMNS);

/**
 * Views found by name, kept while nothing in the store changed (src/store/kept.ts), so a read
 * repeated between writes skips the look-up. One view per user, kept under its sub and under every
 * name it was found by (username, alias): at most 20,000 views (~0.4 KB each) and twice as many
 * names. Frozen: requests share them.
 */
const views = new Kept<Readonly<UserView>>({ limit: 3 * 20_000, until: 'change' });

function frozen(view: UserView): Readonly<UserView> {
  Object.freeze(view.attributes);
  Object.freeze(view.mfa);
  return Object.freeze(view);
}

/** Keeps a view read at `at` under its sub and under the name it was found by. */
function keepView(db: Db | Tx, name: string, r: ViewRow, at: ReadPoint): Readonly<UserView> {
  // Without a read point nothing is kept: the view is this request's alone.
  if (at === undefined) return viewOf(r);
  return views.keep(db, `${r.pool_id}\0${name}`, views.keep(db, `${r.pool_id}\0\0${r.sub}`, frozen(viewOf(r)), at), at);
}

/**
 * requireUser for an operation that only shows the user. `at`: the request's read point, taken
 * when it began (before its pool was read) or else now.
 */
export async function requireUserView(
  db: Db | Tx,
  pool: Pool,
  name: string,
  at = readPoint(db),
): Promise<Readonly<UserView>> {
  // The read point was taken before the read: the view read below is at least as new as it, and
  // any change after it moves the store's mark, so the view is never served past a change.
  const kept = views.unchanged(db, `${pool.id}\0${name}`, at);
  if (kept) return kept;
  const r = await findRow(viewColumns, db, pool, name);
  if (!r) throw new UserNotFoundException('User does not exist.');
  return keepView(db, name, r, at);
}

/** A view by username key, with the version of its pool as the caller sees it (no row: no such pool). */
const viewWithPoolVersion = prepared<'id' | 'account' | 'region' | 'key', { pool_version: number } & NullableView>(
  (db, $) =>
    db
      .selectFrom('user_pools as p')
      .leftJoin('users as u', (join) => join.onRef('u.pool_id', '=', 'p.id').on('u.username_key', '=', $('key')))
      .select(['p.version as pool_version', ...VIEW_COLUMNS.map((c) => `u.${c}` as const)])
      .where('p.id', '=', $('id'))
      .where('p.account', '=', $('account'))
      .where('p.region', '=', $('region')),
);
type NullableView = { [C in keyof ViewRow]: ViewRow[C] | null };

/**
 * A view of the user a name refers to in the pool with this id as the caller sees it (getPool, then
 * requireUserView), as of one read point. Where the pool is not known unchanged since that point
 * but this process holds a version of it (always so on PostgreSQL, which has no change mark), one
 * round trip reads the pool's current version and the user by username together, and the pool held
 * is used if its version is that one. Otherwise the two reads.
 */
export async function requireUserViewInPool(
  db: Db,
  caller: Caller,
  poolId: string,
  name: string,
): Promise<Readonly<UserView>> {
  const at = readPoint(db);
  const unchanged = getPoolUnchanged(db, caller, poolId, at);
  if (unchanged) return requireUserView(db, unchanged, name, at);
  const known = knownPool(db, caller, poolId);
  if (known) {
    const r = await viewWithPoolVersion.first(db, {
      id: poolId,
      account: caller.account,
      region: caller.region,
      key: usernameKey(known.pool, name),
    });
    if (!r) throw noSuchPool(poolId);
    if (r.pool_version === known.version) {
      const pool = poolConfirmed(db, known.pool, known.version, at);
      const row = r.sub === null ? await findRowBySignInAttribute(viewColumns, db, pool, name) : (r as ViewRow);
      if (!row) throw new UserNotFoundException('User does not exist.');
      return keepView(db, name, row, at);
    }
  }
  return requireUserView(db, await getPool(db, caller, poolId, at), name, at);
}

/**
 * findUser for a read-modify-write: locks the user's row for the rest of the transaction, then
 * reads it again, so two concurrent changes to one user cannot overwrite each other. A no-op
 * UPDATE is the row lock both dialects share (on SQLite the write transaction is exclusive anyway).
 */
export async function findUserForUpdate(trx: Tx, pool: Pool, name: string): Promise<User | undefined> {
  const found = await findUser(trx, pool, name);
  if (!found) return undefined;
  await trx
    .updateTable('users')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('pool_id', '=', pool.id)
    .where('sub', '=', found.sub)
    .execute();
  const row = await userBySub.first(trx, { pool: pool.id, sub: found.sub });
  return row && fromRow(row);
}

export async function requireUserForUpdate(trx: Tx, pool: Pool, name: string): Promise<User> {
  const user = await findUserForUpdate(trx, pool, name);
  if (!user) throw new UserNotFoundException('User does not exist.');
  return user;
}

export function attributeList(user: Pick<User, 'attributes' | 'sub'>, only?: string[]): AttributeType[] {
  // sub comes last, after the others in the order they were set (recorded 2025).
  const all = [
    ...Object.entries(user.attributes).map(([Name, Value]) => ({ Name, Value })),
    { Name: 'sub', Value: user.sub },
  ];
  return only ? all.filter((a) => only.includes(a.Name)) : all;
}

/** The UserType shape of AdminCreateUser and ListUsers. */
export function userType(user: UserView, only?: string[]): UserType {
  return {
    Username: user.username,
    Attributes: attributeList(user, only),
    UserCreateDate: new Date(user.createdAt),
    UserLastModifiedDate: new Date(user.updatedAt),
    Enabled: user.enabled,
    UserStatus: user.status,
  };
}

const userBySub = prepared<'pool' | 'sub', UserRow>((db, $) =>
  db.selectFrom('users').selectAll().where('pool_id', '=', $('pool')).where('sub', '=', $('sub')),
);

/** The user with this sub (what tokens name), if they still exist. */
export async function findUserBySub(db: Db | Tx, poolId: string, sub: string): Promise<User | undefined> {
  const row = await userBySub.first(db, { pool: poolId, sub });
  return row && fromRow(row);
}
