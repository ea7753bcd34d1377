// IAM's rows: roles, their inline policies, customer managed policies and attachments. Every
// query filters on the account (IAM is global: no region). Writes that depend on a role or a
// policy existing take its row lock first (a no-op UPDATE, the one lock both dialects share), so
// DeleteRole cannot slip between a PutRolePolicy's check and its insert, nor DeletePolicy between
// an AttachRolePolicy's check and its insert.
import { randomInt } from 'node:crypto';
import { sql } from '../../store/kysely.js';
import {
  DeleteConflictException,
  EntityAlreadyExistsException,
  LimitExceededException,
  NoSuchEntityException,
} from '../../generated/iam/errors.js';
import { INLINE_POLICIES_LIMIT, MANAGED_POLICIES_PER_ROLE, policySize } from './quotas.js';
import type { Db, Tx } from '../../store/store.js';
import { UniqueViolation, normalizeDbError } from '../../store/errors.js';
import { awsManagedPolicies } from './aws-managed.js';
import type { PolicyRow, RoleRow } from '../../store/tables/iam.js';

export interface Tag {
  Key: string;
  Value: string;
}

export interface Role {
  account: string;
  name: string;
  roleId: string;
  path: string;
  arn: string;
  trustPolicy: string;
  description: string | null;
  maxSessionDuration: number;
  permissionsBoundary: string | null;
  tags: Tag[] | null;
  createdAt: number;
  lastUsedAt: number | null;
  lastUsedRegion: string | null;
}

export interface ManagedPolicy {
  account: string;
  arn: string;
  name: string;
  policyId: string;
  path: string;
  document: string;
  description: string | null;
  tags: Tag[] | null;
  createdAt: number;
  updatedAt: number;
  attachmentCount: number;
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** IAM's unique ids: a four-letter prefix naming the kind (AROA role, ANPA policy, ASIA temporary key) and 17 characters. */
export const newIamId = (prefix: string, length = 17) =>
  prefix + Array.from({ length }, () => ID_ALPHABET[randomInt(ID_ALPHABET.length)]).join('');

export const roleArn = (account: string, path: string, name: string) => `arn:aws:iam::${account}:role${path}${name}`;
export const policyArn = (account: string, path: string, name: string) =>
  `arn:aws:iam::${account}:policy${path}${name}`;

// Recorded texts: the role not found (docs/reference/aws-recorded.md §3.4); `Role with name <name>
// already exists.`, `The role policy with name <name> cannot be found.` and `A policy called <name>
// already exists. Duplicate names are not allowed.` (CLI and Terraform output found by code search);
// `Cannot delete a policy attached to entities.` (rebuy-de/aws-nuke#294); the policy texts of §3.4.
const roleNotFound = (name: string) => new NoSuchEntityException(`The role with name ${name} cannot be found.`);
const key = (name: string) => name.toLowerCase();

const fromRoleRow = (r: RoleRow): Role => ({
  account: r.account,
  name: r.name,
  roleId: r.role_id,
  path: r.path,
  arn: roleArn(r.account, r.path, r.name),
  trustPolicy: r.trust_policy,
  description: r.description,
  maxSessionDuration: Number(r.max_session_duration),
  permissionsBoundary: r.permissions_boundary,
  tags: r.tags === null ? null : (JSON.parse(r.tags) as Tag[]),
  createdAt: Number(r.created_at),
  lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
  lastUsedRegion: r.last_used_region,
});

export async function findRole(db: Db | Tx, account: string, name: string): Promise<Role | undefined> {
  const row = await db
    .selectFrom('iam_roles')
    .selectAll()
    .where('account', '=', account)
    .where('name_key', '=', key(name))
    .executeTakeFirst();
  return row && fromRoleRow(row);
}

export async function getRole(db: Db | Tx, account: string, name: string): Promise<Role> {
  const role = await findRole(db, account, name);
  if (!role) throw roleNotFound(name);
  return role;
}

/** Row-locks the role for the rest of the transaction, or NoSuchEntity. */
export async function lockRole(trx: Tx, account: string, name: string): Promise<void> {
  const r = await trx
    .updateTable('iam_roles')
    .set((eb) => ({ path: eb.ref('path') }))
    .where('account', '=', account)
    .where('name_key', '=', key(name))
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw roleNotFound(name);
}

export async function insertRole(trx: Tx, role: Role): Promise<void> {
  try {
    await trx
      .insertInto('iam_roles')
      .values({
        account: role.account,
        name_key: key(role.name),
        name: role.name,
        role_id: role.roleId,
        path: role.path,
        trust_policy: role.trustPolicy,
        description: role.description,
        max_session_duration: role.maxSessionDuration,
        permissions_boundary: role.permissionsBoundary,
        tags: role.tags && JSON.stringify(role.tags),
        created_at: role.createdAt,
        last_used_at: null,
        last_used_region: null,
      })
      .execute();
  } catch (e) {
    if (normalizeDbError(e) instanceof UniqueViolation)
      throw new EntityAlreadyExistsException(`Role with name ${role.name} already exists.`);
    throw e;
  }
}

/**
 * DeleteConflict while the role still has policies, with IAM's words for each kind (attached ones
 * are reported first, an order not on record): "must detach all policies first" (a CLI user's capture
 * of DeleteRole; hashicorp/boundary#5646, status 409), "must delete policies first" for inline ones
 * (a CloudFormation DELETE_FAILED event, status 409; ekristen/aws-nuke#203).
 */
export async function deleteRole(trx: Tx, account: string, name: string): Promise<void> {
  await lockRole(trx, account, name);
  const inline = await trx
    .selectFrom('iam_role_policies')
    .select('policy_name')
    .where('account', '=', account)
    .where('role_key', '=', key(name))
    .executeTakeFirst();
  const attached = await trx
    .selectFrom('iam_role_attachments')
    .select('policy_arn')
    .where('account', '=', account)
    .where('role_key', '=', key(name))
    .executeTakeFirst();
  if (attached) throw new DeleteConflictException('Cannot delete entity, must detach all policies first.');
  if (inline) throw new DeleteConflictException('Cannot delete entity, must delete policies first.');
  await trx.deleteFrom('iam_roles').where('account', '=', account).where('name_key', '=', key(name)).execute();
}

export async function setTrustPolicy(trx: Tx, account: string, name: string, document: string): Promise<void> {
  const r = await trx
    .updateTable('iam_roles')
    .set({ trust_policy: document })
    .where('account', '=', account)
    .where('name_key', '=', key(name))
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw roleNotFound(name);
}

/** Records a successful AssumeRole (GetRole's RoleLastUsed). */
export async function markRoleUsed(
  db: Db | Tx,
  account: string,
  name: string,
  at: number,
  region: string,
): Promise<void> {
  await db
    .updateTable('iam_roles')
    .set({ last_used_at: at, last_used_region: region })
    .where('account', '=', account)
    .where('name_key', '=', key(name))
    .execute();
}

export interface Page<T> {
  items: T[];
  next?: string;
}

const marker = (after: string) => Buffer.from(after, 'utf8').toString('base64url');
const afterMarker = (m: string | undefined) =>
  m === undefined ? undefined : Buffer.from(m, 'base64url').toString('utf8');

export async function listRoles(
  db: Db,
  account: string,
  pathPrefix: string,
  markerIn: string | undefined,
  limit: number,
): Promise<Page<Role>> {
  let q = db.selectFrom('iam_roles').selectAll().where('account', '=', account);
  // A prefix compared as text, not as a range: PostgreSQL's locale collation would order '/' oddly.
  if (pathPrefix !== '/') q = q.where(sql<string>`substr(path, 1, ${pathPrefix.length})`, '=', pathPrefix);
  const after = afterMarker(markerIn);
  if (after !== undefined) q = q.where('name_key', '>', after);
  const rows = await q
    .orderBy('name_key')
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit).map(fromRoleRow);
  return { items, ...(rows.length > limit ? { next: marker(key(items[items.length - 1].name)) } : {}) };
}

// ---- inline role policies ----------------------------------------------------------------------

export async function putRolePolicy(
  trx: Tx,
  account: string,
  roleName: string,
  policyName: string,
  document: string,
): Promise<void> {
  await lockRole(trx, account, roleName);
  // The role's inline policies count together against IAM's quota (checked under the role's lock).
  const others = await trx
    .selectFrom('iam_role_policies')
    .select('document')
    .where('account', '=', account)
    .where('role_key', '=', key(roleName))
    .where('policy_name', '<>', policyName)
    .execute();
  if (others.reduce((n, r) => n + policySize(r.document), policySize(document)) > INLINE_POLICIES_LIMIT) {
    const role = await getRole(trx, account, roleName);
    throw new LimitExceededException(
      `Maximum policy size of ${INLINE_POLICIES_LIMIT} bytes exceeded for role ${role.name}`,
    );
  }
  await trx
    .insertInto('iam_role_policies')
    .values({ account, role_key: key(roleName), policy_name: policyName, document })
    .onConflict((oc) => oc.columns(['account', 'role_key', 'policy_name']).doUpdateSet({ document }))
    .execute();
}

const inlineNotFound = (policyName: string) =>
  new NoSuchEntityException(`The role policy with name ${policyName} cannot be found.`);

export async function getRolePolicy(
  db: Db | Tx,
  account: string,
  roleName: string,
  policyName: string,
): Promise<string> {
  await getRole(db, account, roleName);
  const row = await db
    .selectFrom('iam_role_policies')
    .select('document')
    .where('account', '=', account)
    .where('role_key', '=', key(roleName))
    .where('policy_name', '=', policyName)
    .executeTakeFirst();
  if (!row) throw inlineNotFound(policyName);
  return row.document;
}

export async function deleteRolePolicy(trx: Tx, account: string, roleName: string, policyName: string): Promise<void> {
  await lockRole(trx, account, roleName);
  const r = await trx
    .deleteFrom('iam_role_policies')
    .where('account', '=', account)
    .where('role_key', '=', key(roleName))
    .where('policy_name', '=', policyName)
    .executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) throw inlineNotFound(policyName);
}

export async function listRolePolicies(
  db: Db,
  account: string,
  roleName: string,
  markerIn: string | undefined,
  limit: number,
): Promise<Page<string>> {
  await getRole(db, account, roleName);
  let q = db
    .selectFrom('iam_role_policies')
    .select('policy_name')
    .where('account', '=', account)
    .where('role_key', '=', key(roleName));
  const after = afterMarker(markerIn);
  if (after !== undefined) q = q.where('policy_name', '>', after);
  const rows = await q
    .orderBy('policy_name')
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit).map((r) => r.policy_name);
  return { items, ...(rows.length > limit ? { next: marker(items[items.length - 1]) } : {}) };
}

/** Every permissions policy of a role, inline and attached, by name, for evaluation. */
export async function rolePermissionPolicies(
  db: Db | Tx,
  account: string,
  roleName: string,
): Promise<{ name: string; document: string }[]> {
  const inline = await db
    .selectFrom('iam_role_policies')
    .select(['policy_name', 'document'])
    .where('account', '=', account)
    .where('role_key', '=', key(roleName))
    .orderBy('policy_name')
    .execute();
  const attached = await db
    .selectFrom('iam_role_attachments')
    .leftJoin('iam_policies', (j) =>
      j
        .onRef('iam_policies.account', '=', 'iam_role_attachments.account')
        .onRef('iam_policies.arn', '=', 'iam_role_attachments.policy_arn'),
    )
    .select(['iam_role_attachments.policy_arn as arn', 'iam_policies.document as document'])
    .where('iam_role_attachments.account', '=', account)
    .where('iam_role_attachments.role_key', '=', key(roleName))
    .orderBy('iam_role_attachments.policy_arn')
    .execute();
  return [
    ...inline.map((r) => ({ name: r.policy_name, document: r.document })),
    ...attached.flatMap((r) => {
      const document = r.document ?? awsManagedPolicies.get(r.arn)?.document;
      return document === undefined ? [] : [{ name: r.arn, document }];
    }),
  ];
}

// ---- managed policies and attachments ------------------------------------------------------------

const fromPolicyRow = (r: PolicyRow, attachmentCount: number): ManagedPolicy => ({
  account: r.account,
  arn: r.arn,
  name: r.name,
  policyId: r.policy_id,
  path: r.path,
  document: r.document,
  description: r.description,
  tags: r.tags === null ? null : (JSON.parse(r.tags) as Tag[]),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
  attachmentCount,
});

export async function insertPolicy(trx: Tx, p: ManagedPolicy): Promise<void> {
  try {
    await trx
      .insertInto('iam_policies')
      .values({
        account: p.account,
        arn: p.arn,
        name_key: key(p.name),
        name: p.name,
        policy_id: p.policyId,
        path: p.path,
        document: p.document,
        description: p.description,
        tags: p.tags && JSON.stringify(p.tags),
        created_at: p.createdAt,
        updated_at: p.updatedAt,
      })
      .execute();
  } catch (e) {
    if (normalizeDbError(e) instanceof UniqueViolation)
      throw new EntityAlreadyExistsException(
        `A policy called ${p.name} already exists. Duplicate names are not allowed.`,
      );
    throw e;
  }
}

async function attachmentCount(db: Db | Tx, account: string, arn: string): Promise<number> {
  const r = await db
    .selectFrom('iam_role_attachments')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('account', '=', account)
    .where('policy_arn', '=', arn)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** A customer managed policy of this account or one of the AWS managed policies cognate knows. */
export async function findPolicy(db: Db | Tx, account: string, arn: string): Promise<ManagedPolicy | undefined> {
  const builtin = awsManagedPolicies.get(arn);
  if (builtin) {
    return {
      account: 'aws',
      arn,
      name: builtin.name,
      policyId: builtin.policyId,
      path: builtin.path,
      document: builtin.document,
      description: null,
      tags: null,
      createdAt: builtin.createdAt,
      updatedAt: builtin.createdAt,
      attachmentCount: await attachmentCount(db, account, arn),
    };
  }
  const row = await db
    .selectFrom('iam_policies')
    .selectAll()
    .where('account', '=', account)
    .where('arn', '=', arn)
    .executeTakeFirst();
  return row && fromPolicyRow(row, await attachmentCount(db, account, arn));
}

async function lockPolicy(trx: Tx, account: string, arn: string): Promise<boolean> {
  const r = await trx
    .updateTable('iam_policies')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('account', '=', account)
    .where('arn', '=', arn)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function deletePolicy(trx: Tx, account: string, arn: string): Promise<void> {
  if (!(await lockPolicy(trx, account, arn))) throw new NoSuchEntityException(`Policy ${arn} was not found.`);
  if ((await attachmentCount(trx, account, arn)) > 0)
    throw new DeleteConflictException('Cannot delete a policy attached to entities.');
  await trx.deleteFrom('iam_policies').where('account', '=', account).where('arn', '=', arn).execute();
}

export async function attachRolePolicy(
  trx: Tx,
  account: string,
  roleName: string,
  arn: string,
  at: number,
): Promise<void> {
  await lockRole(trx, account, roleName);
  if (!awsManagedPolicies.has(arn) && !(await lockPolicy(trx, account, arn))) {
    throw new NoSuchEntityException(`Policy ${arn} does not exist or is not attachable.`);
  }
  const attached = await trx
    .selectFrom('iam_role_attachments')
    .select('policy_arn')
    .where('account', '=', account)
    .where('role_key', '=', key(roleName))
    .execute();
  if (attached.length >= MANAGED_POLICIES_PER_ROLE && !attached.some((a) => a.policy_arn === arn)) {
    throw new LimitExceededException(`Cannot exceed quota for PoliciesPerRole: ${MANAGED_POLICIES_PER_ROLE}`);
  }
  await trx
    .insertInto('iam_role_attachments')
    .values({ account, role_key: key(roleName), policy_arn: arn, attached_at: at })
    .onConflict((oc) => oc.columns(['account', 'role_key', 'policy_arn']).doNothing())
    .execute();
}

export async function detachRolePolicy(trx: Tx, account: string, roleName: string, arn: string): Promise<void> {
  await lockRole(trx, account, roleName);
  const r = await trx
    .deleteFrom('iam_role_attachments')
    .where('account', '=', account)
    .where('role_key', '=', key(roleName))
    .where('policy_arn', '=', arn)
    .executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) throw new NoSuchEntityException(`Policy ${arn} was not found.`);
}

export async function listAttachedRolePolicies(
  db: Db,
  account: string,
  roleName: string,
  pathPrefix: string,
  markerIn: string | undefined,
  limit: number,
): Promise<Page<{ name: string; arn: string }>> {
  await getRole(db, account, roleName);
  let q = db
    .selectFrom('iam_role_attachments')
    .select('policy_arn')
    .where('account', '=', account)
    .where('role_key', '=', key(roleName));
  const after = afterMarker(markerIn);
  if (after !== undefined) q = q.where('policy_arn', '>', after);
  const rows = await q.orderBy('policy_arn').execute();
  // The name and path are the ARN's last segments: arn:aws:iam::<account>:policy<path><name>.
  const all = rows
    .map((r) => {
      const resource = r.policy_arn.slice(r.policy_arn.indexOf(':policy/') + ':policy'.length);
      return {
        arn: r.policy_arn,
        path: resource.slice(0, resource.lastIndexOf('/') + 1),
        name: resource.slice(resource.lastIndexOf('/') + 1),
      };
    })
    .filter((p) => p.path.startsWith(pathPrefix));
  const items = all.slice(0, limit).map(({ name, arn }) => ({ name, arn }));
  return { items, ...(all.length > limit ? { next: marker(items[items.length - 1].arn) } : {}) };
}

// ---- role settings and tags -------------------------------------------------------------------

/** UpdateRole: only what is given changes. */
export async function updateRole(
  trx: Tx,
  account: string,
  name: string,
  change: { description?: string; maxSessionDuration?: number },
): Promise<void> {
  const set: Partial<RoleRow> = {};
  if (change.description !== undefined) set.description = change.description;
  if (change.maxSessionDuration !== undefined) set.max_session_duration = change.maxSessionDuration;
  if (Object.keys(set).length === 0) return void (await getRole(trx, account, name));
  const r = await trx
    .updateTable('iam_roles')
    .set(set)
    .where('account', '=', account)
    .where('name_key', '=', key(name))
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw roleNotFound(name);
}

/**
 * Read-modify-write of a role's tags under its row lock, so concurrent TagRole and UntagRole calls
 * each see the other's result. A tag key is unique per role, compared without regard to case
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags.html#id_tags_rules_creating); a new
 * value replaces the old one.
 */
export async function changeRoleTags(
  trx: Tx,
  account: string,
  name: string,
  change: (tags: Tag[]) => Tag[],
): Promise<void> {
  await lockRole(trx, account, name);
  const role = await getRole(trx, account, name);
  const tags = change(role.tags ?? []);
  await trx
    .updateTable('iam_roles')
    .set({ tags: tags.length ? JSON.stringify(tags) : null })
    .where('account', '=', account)
    .where('name_key', '=', key(name))
    .execute();
}

/** The account's customer managed policies (by name), each with its attachment count. */
export async function listCustomerPolicies(db: Db, account: string): Promise<ManagedPolicy[]> {
  const rows = await db
    .selectFrom('iam_policies')
    .selectAll()
    .where('account', '=', account)
    .orderBy('name_key')
    .execute();
  const counts = await db
    .selectFrom('iam_role_attachments')
    .select(['policy_arn', (eb) => eb.fn.countAll().as('n')])
    .where('account', '=', account)
    .groupBy('policy_arn')
    .execute();
  const count = new Map(counts.map((c) => [c.policy_arn, Number(c.n)]));
  return rows.map((r) => fromPolicyRow(r, count.get(r.arn) ?? 0));
}
