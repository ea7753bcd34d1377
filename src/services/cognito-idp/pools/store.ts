// User pools and app clients in the store. A pool belongs to one (account, region): every look-up
// filters on both, so a pool is invisible from anywhere else, as in AWS.
import type { UserPoolType, UserPoolClientType } from '@aws-sdk/client-cognito-identity-provider';
import { ResourceNotFoundException } from '../../../generated/cognito-idp/errors.js';
import type { Db } from '../../../store/store.js';
import type { Caller } from '../../../protocol/sigv4.js';
import { epochSeconds, type Wire } from '../wire.js';
import type { PoolConfig } from './config.js';

export interface Pool {
  id: string;
  account: string;
  region: string;
  name: string;
  config: PoolConfig;
  createdAt: number;
  updatedAt: number;
}

export interface Client {
  clientId: string;
  poolId: string;
  name: string;
  secret: string | null;
  config: Wire<UserPoolClientType>;
  createdAt: number;
  updatedAt: number;
}

export const poolArn = (p: Pick<Pool, 'id' | 'account' | 'region'>) => `arn:aws:cognito-idp:${p.region}:${p.account}:userpool/${p.id}`;

type PoolRowLike = { id: string; account: string; region: string; name: string; config: string; created_at: number; updated_at: number };
const toPool = (r: PoolRowLike): Pool => ({
  id: r.id, account: r.account, region: r.region, name: r.name, config: parseConfig(r.id, r.config), createdAt: r.created_at, updatedAt: r.updated_at,
});

/**
 * Parsed configurations by pool, with the text they came from. Every request still reads its
 * pool's row, so a change made by any process shows at once; only the parse of the unchanged text
 * (several KB, costlier than the query) is shared. Frozen, since every request gets the same object.
 */
const parsed = new Map<string, { text: string; config: PoolConfig }>();
const PARSED_POOLS = 1000;

function parseConfig(poolId: string, text: string): PoolConfig {
  const hit = parsed.get(poolId);
  if (hit?.text === text) return hit.config;
  const config = deepFreeze(JSON.parse(text) as PoolConfig);
  if (!hit && parsed.size >= PARSED_POOLS) parsed.delete(parsed.keys().next().value!);
  parsed.set(poolId, { text, config });
  return config;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** The pool with this id as the caller sees it, or ResourceNotFoundException. */
export async function getPool(db: Db, caller: Caller, poolId: string): Promise<Pool> {
  const row = await db.selectFrom('user_pools').selectAll()
    .where('id', '=', poolId).where('account', '=', caller.account).where('region', '=', caller.region)
    .executeTakeFirst();
  if (!row) throw new ResourceNotFoundException(`User pool ${poolId} does not exist.`);
  return toPool(row);
}

export async function getPoolById(db: Db, poolId: string): Promise<Pool | undefined> {
  const row = await db.selectFrom('user_pools').selectAll().where('id', '=', poolId).executeTakeFirst();
  return row && toPool(row);
}

export function describePool(pool: Pool, estimatedUsers: number): Wire<UserPoolType> {
  const c = pool.config as Wire<PoolConfig>;
  return {
    Id: pool.id,
    Name: pool.name,
    Policies: c.Policies,
    DeletionProtection: c.DeletionProtection,
    LambdaConfig: c.LambdaConfig,
    LastModifiedDate: epochSeconds(pool.updatedAt),
    CreationDate: epochSeconds(pool.createdAt),
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
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('pool_id', '=', poolId).executeTakeFirstOrThrow();
  return Number(row.n);
}

type ClientRowLike = { client_id: string; pool_id: string; name: string; secret: string | null; config: string; created_at: number; updated_at: number };
export const toClient = (r: ClientRowLike): Client => ({
  clientId: r.client_id, poolId: r.pool_id, name: r.name, secret: r.secret, config: JSON.parse(r.config), createdAt: r.created_at, updatedAt: r.updated_at,
});

/** An app client of a pool the caller owns (admin operations). */
export async function getClient(db: Db, poolId: string, clientId: string): Promise<Client> {
  const row = await db.selectFrom('user_pool_clients').selectAll().where('client_id', '=', clientId).where('pool_id', '=', poolId).executeTakeFirst();
  if (!row) throw new ResourceNotFoundException(`User pool client ${clientId} does not exist.`);
  return toClient(row);
}

/**
 * The client and its pool, for the operations AWS serves without a signature: the ClientId alone
 * names the pool (client ids are unique across accounts and regions).
 */
export async function getClientAndPool(db: Db, clientId: string): Promise<{ client: Client; pool: Pool }> {
  const row = await db.selectFrom('user_pool_clients').innerJoin('user_pools', 'user_pools.id', 'user_pool_clients.pool_id')
    .select([
      'user_pool_clients.client_id', 'user_pool_clients.pool_id', 'user_pool_clients.name as client_name', 'user_pool_clients.secret',
      'user_pool_clients.config as client_config', 'user_pool_clients.created_at as client_created', 'user_pool_clients.updated_at as client_updated',
      'user_pools.id', 'user_pools.account', 'user_pools.region', 'user_pools.name', 'user_pools.config', 'user_pools.created_at', 'user_pools.updated_at',
    ])
    .where('user_pool_clients.client_id', '=', clientId)
    .executeTakeFirst();
  if (!row) throw new ResourceNotFoundException(`User pool client ${clientId} does not exist.`);
  return {
    client: toClient({ client_id: row.client_id, pool_id: row.pool_id, name: row.client_name, secret: row.secret, config: row.client_config, created_at: row.client_created, updated_at: row.client_updated }),
    pool: toPool(row),
  };
}

export function describeClient(client: Client): Wire<UserPoolClientType> {
  return {
    UserPoolId: client.poolId,
    ClientName: client.name,
    ClientId: client.clientId,
    ...(client.secret ? { ClientSecret: client.secret } : {}),
    LastModifiedDate: epochSeconds(client.updatedAt),
    CreationDate: epochSeconds(client.createdAt),
    ...client.config,
  };
}
