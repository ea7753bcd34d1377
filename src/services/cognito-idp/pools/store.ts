// User pools and app clients in the store. A pool belongs to one (account, region): every look-up
// filters on both, so a pool is invisible from anywhere else, as in AWS.
import type { UserPoolType, UserPoolClientType } from '@aws-sdk/client-cognito-identity-provider';
import { ResourceNotFoundException } from '../../../generated/cognito-idp/errors.js';
import type { Selectable } from 'kysely';
import type { Db, Tx } from '../../../store/store.js';
import type { UserPoolRow } from '../../../store/tables/cognito-idp.js';
import { prepared } from '../../../store/prepared.js';
import { Kept, readPoint, type ReadPoint } from '../../../store/kept.js';
import type { Caller } from '../../../kernel/caller.js';
import type { PoolConfig } from './config.js';
import type { ClientConfig } from './client-config.js';
import { secretsOf, type ClientSecret } from './client-secrets.js';

export interface Pool {
  id: string;
  account: string;
  region: string;
  name: string;
  config: PoolConfig;
  createdAt: number;
  updatedAt: number;
  /** the CloudWatch Logs group ARN its user activity is exported to (log delivery, userAuthEvents), if any */
  authEventsLog?: string;
}

export interface Client {
  clientId: string;
  poolId: string;
  name: string;
  /** the oldest of `secrets`, shown as ClientSecret */
  secret: string | null;
  /** every active secret, oldest first (pools/client-secrets.ts) */
  secrets: ClientSecret[];
  config: ClientConfig;
  createdAt: number;
  updatedAt: number;
}

export const poolArn = (p: Pick<Pool, 'id' | 'account' | 'region'>) =>
  `arn:aws:cognito-idp:${p.region}:${p.account}:userpool/${p.id}`;

type PoolRowLike = Selectable<UserPoolRow>;
/** What a request reads of its pool's row: enough to know which parsed pool is current. */
export type PoolHead = Pick<PoolRowLike, 'id' | 'version'>;

/**
 * Pools as parsed from their rows, by id, with the version they were read at (src/store/kept.ts). A
 * request reads its pool's row head (and so its version, which every change raises), so a change
 * made by any process shows at once; the configuration (several KB, costlier to read and parse than
 * the query) is read again only when its version moved, and where the store can tell that nothing
 * at all changed since the head was read, not even the head is read again. Frozen: every request of
 * a version gets the same object.
 */
const pools = new Kept<Pool>({ limit: 1000, until: 'version' });

const poolRow = prepared<'id', PoolRowLike>((db, $) =>
  db.selectFrom('user_pools').selectAll().where('id', '=', $('id')),
);

/** The pool a head (its id and current version) names, kept or read at its version (`at`: the request's read point); undefined if it has gone. */
export async function poolOf(db: Db, head: PoolHead, at: ReadPoint): Promise<Pool | undefined> {
  const kept = pools.atVersion(db, head.id, head.version);
  if (kept) return pools.keep(db, head.id, kept, at, head.version);
  const r = await poolRow.first(db, { id: head.id });
  if (!r) return undefined;
  const pool = Object.freeze({
    id: r.id,
    account: r.account,
    region: r.region,
    name: r.name,
    config: deepFreeze(JSON.parse(r.config) as PoolConfig),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    ...(r.auth_events_log ? { authEventsLog: r.auth_events_log } : {}),
  });
  // Kept at the version of the row read, which may be newer than the head's.
  return pools.keep(db, r.id, pool, r.version === head.version ? at : undefined, r.version);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

const HEAD = ['id', 'version'] as const;
const poolOfCaller = prepared<'id' | 'account' | 'region', PoolHead>((db, $) =>
  db
    .selectFrom('user_pools')
    .select(HEAD)
    .where('id', '=', $('id'))
    .where('account', '=', $('account'))
    .where('region', '=', $('region')),
);

const visibleTo = (pool: Pool, caller: Caller) => pool.account === caller.account && pool.region === caller.region;

/** The pool as the caller sees it, if this process holds it and nothing in the store changed since the read point. */
export function getPoolUnchanged(db: Db, caller: Caller, poolId: string, at: ReadPoint): Pool | undefined {
  const pool = pools.unchanged(db, poolId, at);
  return pool && visibleTo(pool, caller) ? pool : undefined;
}

/**
 * The pool with this id as the caller sees it, or ResourceNotFoundException. `at`: the request's
 * read point, for an operation that reads more as of the same moment.
 */
export async function getPool(db: Db, caller: Caller, poolId: string, at = readPoint(db)): Promise<Pool> {
  const unchanged = getPoolUnchanged(db, caller, poolId, at);
  if (unchanged) return unchanged;
  const head = await poolOfCaller.first(db, { id: poolId, account: caller.account, region: caller.region });
  const pool = head && (await poolOf(db, head, at));
  if (!pool) throw noSuchPool(poolId);
  return pool;
}

// Recorded: `User pool <id> does not exist.` (aws/aws-aspnet-cognito-identity-provider#135, 2019) and
// `User pool client <id> does not exist.` (aws/aws-sdk-php#2183, a raw 400 body, 2021; anomalyco/guide#82).
export const noSuchPool = (poolId: string) => new ResourceNotFoundException(`User pool ${poolId} does not exist.`);
const noSuchClient = (clientId: string) =>
  new ResourceNotFoundException(`User pool client ${clientId} does not exist.`);

/**
 * The pool this process last read with this id, if the caller would see it, and the version it was
 * read at: for a request that reads the pool's current version together with something else and
 * uses this one only if the versions agree.
 */
export function knownPool(db: Db, caller: Caller, poolId: string): { pool: Pool; version: number } | undefined {
  const known = pools.latest(db, poolId);
  return known && visibleTo(known.value, caller) ? { pool: known.value, version: known.version! } : undefined;
}

/** Marks a pool whose current version a request read (with something else) as true at its read point. */
export const poolConfirmed = (db: Db, pool: Pool, version: number, at: ReadPoint): Pool =>
  pools.keep(db, pool.id, pool, at, version);

const poolHeadById = prepared<'id', PoolHead>((db, $) =>
  db.selectFrom('user_pools').select(HEAD).where('id', '=', $('id')),
);

/** The pool with this id in any account and Region (what a token or a pool's own URL names). */
export async function getPoolById(db: Db, poolId: string, at = readPoint(db)): Promise<Pool | undefined> {
  const unchanged = pools.unchanged(db, poolId, at);
  if (unchanged) return unchanged;
  const head = await poolHeadById.first(db, { id: poolId });
  return head && poolOf(db, head, at);
}

/** Writes a pool's changed configuration (and name), raising its version. */
export async function updatePool(
  db: Db,
  pool: Pool,
  change: { config: PoolConfig; name?: string },
  now: number,
): Promise<void> {
  await db
    .updateTable('user_pools')
    .set((eb) => ({
      config: JSON.stringify(change.config),
      name: change.name ?? pool.name,
      updated_at: now,
      version: eb('version', '+', 1),
    }))
    .where('id', '=', pool.id)
    .execute();
}

/**
 * Raises a pool's version for a change kept outside its row that requests read with the pool (its
 * resource servers: resource-servers/store.ts, poolScopes). Made in the change's transaction.
 */
export async function raisePoolVersion(trx: Tx, poolId: string): Promise<void> {
  await trx
    .updateTable('user_pools')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', poolId)
    .execute();
}

export function describePool(pool: Pool, estimatedUsers: number): UserPoolType {
  const c = pool.config;
  return {
    Id: pool.id,
    Name: pool.name,
    Policies: c.Policies,
    DeletionProtection: c.DeletionProtection,
    LambdaConfig: c.LambdaConfig,
    LastModifiedDate: new Date(pool.updatedAt),
    CreationDate: new Date(pool.createdAt),
    SchemaAttributes: c.SchemaAttributes,
    AutoVerifiedAttributes: c.AutoVerifiedAttributes,
    AliasAttributes: c.AliasAttributes,
    UsernameAttributes: c.UsernameAttributes,
    SmsVerificationMessage: c.SmsVerificationMessage,
    EmailVerificationMessage: c.EmailVerificationMessage,
    EmailVerificationSubject: c.EmailVerificationSubject,
    VerificationMessageTemplate: c.VerificationMessageTemplate,
    SmsAuthenticationMessage: c.SmsAuthenticationMessage,
    UserAttributeUpdateSettings: c.UserAttributeUpdateSettings,
    MfaConfiguration: c.MfaConfiguration,
    DeviceConfiguration: c.DeviceConfiguration,
    EstimatedNumberOfUsers: estimatedUsers,
    EmailConfiguration: c.EmailConfiguration,
    SmsConfiguration: c.SmsConfiguration,
    UserPoolTags: c.UserPoolTags,
    AdminCreateUserConfig: c.AdminCreateUserConfig,
    UserPoolAddOns: c.UserPoolAddOns,
    UsernameConfiguration: c.UsernameConfiguration,
    Arn: poolArn(pool),
    AccountRecoverySetting: c.AccountRecoverySetting,
    UserPoolTier: c.UserPoolTier,
  };
}

export async function countUsers(db: Db, poolId: string): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('pool_id', '=', poolId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

type ClientRowLike = {
  client_id: string;
  pool_id: string;
  name: string;
  secret: string | null;
  secrets: string | null;
  config: string;
  created_at: number;
  updated_at: number;
};
export const toClient = (r: ClientRowLike): Client => ({
  clientId: r.client_id,
  poolId: r.pool_id,
  name: r.name,
  secret: r.secret,
  secrets: secretsOf(r),
  config: JSON.parse(r.config),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/**
 * Clients as parsed from their rows, by id, with the version they were read at, as pools are kept
 * (above): every update of a client's row raises its version (its settings, its secrets, an
 * identity provider taken out of it), so a request that reads the version sees any change made by
 * any process, and parses the row again only when it moved. Frozen: requests share them.
 */
const clients = new Kept<Client>({ limit: 10_000, until: 'version' });

/** The client of a row read at `version`, kept (`at`: the read point the version was read at). */
function clientAt(db: Db, r: ClientRowLike, version: number, at: ReadPoint): Client {
  const kept = clients.atVersion(db, r.client_id, version);
  return clients.keep(db, r.client_id, kept ?? deepFreeze(toClient(r)), at, version);
}

const clientVersion = prepared<'pool' | 'id', { version: number }>((db, $) =>
  db
    .selectFrom('user_pool_clients')
    .select('version')
    .where('client_id', '=', $('id'))
    .where('pool_id', '=', $('pool')),
);
const clientRow = prepared<'pool' | 'id', ClientRowLike & { version: number }>((db, $) =>
  db.selectFrom('user_pool_clients').selectAll().where('client_id', '=', $('id')).where('pool_id', '=', $('pool')),
);

/**
 * An app client of a pool (the admin operations, the domain's endpoints). `at`: the request's read
 * point. A client this process holds is served without a read while the store is unchanged
 * (SQLite), else when its version is still the one read (one small read); any other is read whole.
 */
/** An app client's version as a read found it: null where the pool had no client of that id. */
export interface ClientHead {
  id: string;
  version: number | null;
}

/**
 * The pool's app client `clientId`. `head`: its version as a read that already happened found it
 * (oauth/domain.ts reads it with the domain); without it, the version is read here.
 */
export async function getClient(
  db: Db,
  poolId: string,
  clientId: string,
  at = readPoint(db),
  head?: ClientHead,
): Promise<Client> {
  const unchanged = clients.unchanged(db, clientId, at);
  if (unchanged?.poolId === poolId) return unchanged;
  const known = clients.latest(db, clientId);
  if (known?.value.poolId === poolId) {
    const version = head
      ? head.version
      : ((await clientVersion.first(db, { pool: poolId, id: clientId }))?.version ?? null);
    if (version === null) throw noSuchClient(clientId);
    if (version === known.version) return clients.keep(db, clientId, known.value, at, version);
  }
  const row = await clientRow.first(db, { pool: poolId, id: clientId });
  if (!row) throw noSuchClient(clientId);
  return clientAt(db, row, row.version, at);
}

/**
 * The client and its pool, for the operations AWS serves without a signature: the ClientId alone
 * names the pool (client ids are unique across accounts and regions).
 */
const clientAndPool = prepared<'clientId', ClientAndPoolRow>((db, $) =>
  db
    .selectFrom('user_pool_clients')
    .innerJoin('user_pools', 'user_pools.id', 'user_pool_clients.pool_id')
    .select([
      'user_pool_clients.client_id',
      'user_pool_clients.pool_id',
      'user_pool_clients.name as client_name',
      'user_pool_clients.secret',
      'user_pool_clients.secrets',
      'user_pool_clients.config as client_config',
      'user_pool_clients.created_at as client_created',
      'user_pool_clients.updated_at as client_updated',
      'user_pool_clients.version as client_version',
      'user_pools.id',
      'user_pools.version',
    ])
    .where('user_pool_clients.client_id', '=', $('clientId')),
);
type ClientAndPoolRow = PoolHead & {
  client_id: string;
  pool_id: string;
  client_name: string;
  secret: string | null;
  secrets: string | null;
  client_config: string;
  client_created: number;
  client_updated: number;
  client_version: number;
};

export async function getClientAndPool(db: Db, clientId: string): Promise<{ client: Client; pool: Pool }> {
  const row = await clientAndPool.first(db, { clientId });
  const pool = row && (await poolOf(db, row, undefined));
  if (!row || !pool) throw noSuchClient(clientId);
  const client = clientAt(
    db,
    {
      client_id: row.client_id,
      pool_id: row.pool_id,
      name: row.client_name,
      secret: row.secret,
      secrets: row.secrets,
      config: row.client_config,
      created_at: row.client_created,
      updated_at: row.client_updated,
    },
    row.client_version,
    undefined,
  );
  return { client, pool };
}

export function describeClient(client: Client): UserPoolClientType {
  return {
    UserPoolId: client.poolId,
    ClientName: client.name,
    ClientId: client.clientId,
    ...(client.secret ? { ClientSecret: client.secret } : {}),
    LastModifiedDate: new Date(client.updatedAt),
    CreationDate: new Date(client.createdAt),
    ...client.config,
  };
}
