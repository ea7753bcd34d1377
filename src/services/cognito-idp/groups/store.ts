// User pool groups and their members. A group is looked up by its exact name (the primary key);
// only creation also refuses a name that differs from an existing one in letter case alone.
import type { GroupType } from '@aws-sdk/client-cognito-identity-provider';
import {
  GroupExistsException,
  InvalidParameterException,
  ResourceNotFoundException,
} from '../../../generated/cognito-idp/errors.js';
import type { Db, Tx } from '../../../store/store.js';
import { prepared } from '../../../store/prepared.js';
import type { GroupRow } from '../../../store/tables/cognito-idp.js';
import type { ViewRow } from '../users/store.js';
import { UniqueViolation, normalizeDbError } from '../../../store/errors.js';
import { pageToken } from '../caller.js';

export interface Group {
  poolId: string;
  name: string;
  description: string | null;
  roleArn: string | null;
  precedence: number | null;
  createdAt: number;
  updatedAt: number;
}

export type GroupSettings = Partial<Pick<Group, 'description' | 'roleArn' | 'precedence'>>;

const fromRow = (r: GroupRow): Group => ({
  poolId: r.pool_id,
  name: r.name,
  description: r.description,
  roleArn: r.role_arn,
  precedence: r.precedence,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** GroupType as AWS sends it: Description, RoleArn and Precedence are absent when not set. */
export function groupType(g: Group): GroupType {
  return {
    GroupName: g.name,
    UserPoolId: g.poolId,
    ...(g.description !== null ? { Description: g.description } : {}),
    ...(g.roleArn !== null ? { RoleArn: g.roleArn } : {}),
    ...(g.precedence !== null ? { Precedence: g.precedence } : {}),
    LastModifiedDate: new Date(g.updatedAt),
    CreationDate: new Date(g.createdAt),
  };
}

// Seen as "Group not found." in client code and users' notes (found by code search); no raw
// response on record.
const notFound = () => new ResourceNotFoundException('Group not found.');

/**
 * The model only bounds Precedence below; AWS documents 2^31-1 as its maximum, and the column is
 * a 32-bit integer on PostgreSQL. Message in AWS's validation format (the real text is not recorded).
 */
export function checkPrecedence(precedence: number | undefined): void {
  if (precedence !== undefined && precedence > 2147483647) {
    throw new InvalidParameterException(
      `1 validation error detected: Value '${precedence}' at 'precedence' failed to satisfy constraint: Member must have value less than or equal to 2147483647`,
    );
  }
}

export async function getGroup(db: Db | Tx, poolId: string, name: string): Promise<Group> {
  const row = await db
    .selectFrom('groups')
    .selectAll()
    .where('pool_id', '=', poolId)
    .where('name', '=', name)
    .executeTakeFirst();
  if (!row) throw notFound();
  return fromRow(row);
}

/**
 * Row-locks the group for the rest of the transaction (a no-op UPDATE is the one lock both
 * dialects share), or ResourceNotFoundException. A membership added under this lock cannot
 * outlive a concurrent DeleteGroup: that waits for the lock, then deletes the members it sees.
 */
export async function lockGroup(trx: Tx, poolId: string, name: string): Promise<void> {
  const r = await trx
    .updateTable('groups')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('pool_id', '=', poolId)
    .where('name', '=', name)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw notFound();
}

/**
 * Group names collide regardless of letter case on AWS (aws-amplify/amplify-backend#1781: a
 * rename that only changed case failed with GroupExistsException); a unique index on
 * (pool_id, lower(name)) makes the database the judge, also between concurrent creators.
 */
export async function insertGroup(trx: Tx, group: Group): Promise<void> {
  try {
    await trx
      .insertInto('groups')
      .values({
        pool_id: group.poolId,
        name: group.name,
        description: group.description,
        role_arn: group.roleArn,
        precedence: group.precedence,
        created_at: group.createdAt,
        updated_at: group.updatedAt,
      })
      .execute();
  } catch (e) {
    // GroupExistsException's text is not on record: cognate's words.
    if (normalizeDbError(e) instanceof UniqueViolation)
      throw new GroupExistsException(`A group with the name ${group.name} already exists.`);
    throw e;
  }
}

/** Changes only the settings given, in one statement, so concurrent partial updates both land. */
export async function updateGroup(
  trx: Tx,
  poolId: string,
  name: string,
  settings: GroupSettings,
  now: number,
): Promise<Group> {
  const set: Partial<GroupRow> = { updated_at: now };
  if (settings.description !== undefined) set.description = settings.description;
  if (settings.roleArn !== undefined) set.role_arn = settings.roleArn;
  if (settings.precedence !== undefined) set.precedence = settings.precedence;
  const r = await trx
    .updateTable('groups')
    .set(set)
    .where('pool_id', '=', poolId)
    .where('name', '=', name)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw notFound();
  return getGroup(trx, poolId, name);
}

/** The group first: that waits for any AdminAddUserToGroup holding it, whose member is then deleted too. */
export async function deleteGroup(trx: Tx, poolId: string, name: string): Promise<void> {
  const r = await trx.deleteFrom('groups').where('pool_id', '=', poolId).where('name', '=', name).executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) throw notFound();
  await trx.deleteFrom('group_members').where('pool_id', '=', poolId).where('group_name', '=', name).execute();
}

export async function addMember(trx: Tx, poolId: string, groupName: string, sub: string): Promise<void> {
  await trx
    .insertInto('group_members')
    .values({ pool_id: poolId, group_name: groupName, sub })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function removeMember(db: Db | Tx, poolId: string, groupName: string, sub: string): Promise<void> {
  await db
    .deleteFrom('group_members')
    .where('pool_id', '=', poolId)
    .where('group_name', '=', groupName)
    .where('sub', '=', sub)
    .execute();
}

// Listing: keyset pages of limit + 1 rows; the extra row only says whether a token is due.

export const pageLimit = (limit: number | undefined) => limit || 60; // 0 is in the model's range: read as "not given"

export interface Page<T> {
  items: T[];
  next?: string;
}

function paged<R, T>(rows: R[], limit: number, scope: string, key: (r: R) => string, item: (r: R) => T): Page<T> {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(item),
    ...(rows.length > limit ? { next: pageToken(scope, [key(last)]) } : {}),
  };
}

export const groupsScope = (poolId: string) => `groups ${poolId}`;
export const membersScope = (poolId: string, group: string) => `members ${poolId} ${group}`;
export const groupsOfUserScope = (poolId: string, sub: string) => `groups-of ${poolId} ${sub}`;

/** The pool's groups by name (the primary key's order). */
export async function listGroups(
  db: Db,
  poolId: string,
  after: string | undefined,
  limit: number,
): Promise<Page<Group>> {
  let q = db.selectFrom('groups').selectAll().where('pool_id', '=', poolId);
  if (after !== undefined) q = q.where('name', '>', after);
  const rows = await q
    .orderBy('name')
    .limit(limit + 1)
    .execute();
  return paged(rows, limit, groupsScope(poolId), (r) => r.name, fromRow);
}

/** A user's groups by name, found through the members' (pool_id, sub) index. */
export async function listGroupsOfUser(
  db: Db,
  poolId: string,
  sub: string,
  after: string | undefined,
  limit: number,
): Promise<Page<Group>> {
  let q = db
    .selectFrom('group_members as m')
    .innerJoin('groups as g', (j) => j.onRef('g.pool_id', '=', 'm.pool_id').onRef('g.name', '=', 'm.group_name'))
    .selectAll('g')
    .where('m.pool_id', '=', poolId)
    .where('m.sub', '=', sub);
  if (after !== undefined) q = q.where('g.name', '>', after);
  const rows = await q
    .orderBy('g.name')
    .limit(limit + 1)
    .execute();
  return paged(rows, limit, groupsOfUserScope(poolId, sub), (r) => r.name, fromRow);
}

/**
 * A group's members in username order (username_key: unique, and what ListUsers orders by). The
 * members table holds no username, so the database orders the group's members before the limit;
 * the process still receives one page.
 */
export async function listMembers(
  db: Db,
  poolId: string,
  group: string,
  after: string | undefined,
  limit: number,
): Promise<Page<ViewRow & { username_key: string }>> {
  let q = db
    .selectFrom('group_members as m')
    .innerJoin('users as u', (j) => j.onRef('u.pool_id', '=', 'm.pool_id').onRef('u.sub', '=', 'm.sub'))
    .select([
      'u.pool_id',
      'u.sub',
      'u.username',
      'u.status',
      'u.enabled',
      'u.mfa',
      'u.attributes',
      'u.created_at',
      'u.updated_at',
      'u.username_key',
    ])
    .where('m.pool_id', '=', poolId)
    .where('m.group_name', '=', group);
  if (after !== undefined) q = q.where('u.username_key', '>', after);
  const rows = await q
    .orderBy('u.username_key')
    .limit(limit + 1)
    .execute();
  return paged(
    rows,
    limit,
    membersScope(poolId, group),
    (r) => r.username_key,
    (r) => r,
  );
}

const groupsForTokens = prepared<'pool' | 'sub', { name: string; role_arn: string | null; precedence: number | null }>(
  (db, $) =>
    db
      .selectFrom('group_members as m')
      .innerJoin('groups as g', (j) => j.onRef('g.pool_id', '=', 'm.pool_id').onRef('g.name', '=', 'm.group_name'))
      .select(['g.name', 'g.role_arn', 'g.precedence'])
      .where('m.pool_id', '=', $('pool'))
      .where('m.sub', '=', $('sub'))
      .orderBy('g.name'),
);

/** A user's groups as tokens show them: names (by name), and the IAM roles of those that have one. */
export async function tokenGroupsOfUser(
  db: Db | Tx,
  poolId: string,
  sub: string,
): Promise<{ names: string[]; roles: string[]; preferredRole?: string }> {
  const rows = await groupsForTokens.all(db, { pool: poolId, sub });
  const withRoles = rows.filter((r) => r.role_arn);
  // The preferred role is that of the group with the lowest Precedence (developer guide, ID token).
  const preferred = [...withRoles]
    .filter((r) => r.precedence !== null)
    .sort((a, b) => a.precedence! - b.precedence!)[0];
  return {
    names: rows.map((r) => r.name),
    roles: withRoles.map((r) => r.role_arn!),
    ...(preferred ? { preferredRole: preferred.role_arn! } : {}),
  };
}
