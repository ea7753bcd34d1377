// A pool's resource servers and their custom scopes, and the check of an app client's
// AllowedOAuthScopes against them. A custom scope is `<identifier>/<scope name>`.
import type { ResourceServerScopeType, ResourceServerType } from '@aws-sdk/client-cognito-identity-provider';
import {
  InvalidParameterException,
  ResourceNotFoundException,
  ScopeDoesNotExistException,
} from '../../../generated/cognito-idp/errors.js';
import type { Db, Tx } from '../../../store/store.js';
import type { ResourceServerRow } from '../../../store/tables/cognito-idp-domains.js';
import { pageToken } from '../caller.js';
import type { Pool } from '../pools/store.js';

/**
 * Resource servers per user pool: 25, adjustable in Service Quotas up to 300 (quota L-7CDAF993); scopes
 * per resource server: 100, not adjustable; scopes per app client: 50, not adjustable (developer guide,
 * "Quotas in Amazon Cognito", resource quotas: awsdocs/amazon-cognito-developer-guide
 * doc_source/limits.md, 2023, and the current quotas.html). The two scope limits are also the model's
 * list bounds (ResourceServerScopeListType max 100, ScopeListType max 50), checked by the validator.
 * cognate has no Service Quotas: a pool keeps the default 25.
 */
export const MAX_RESOURCE_SERVERS = 25;

/** The scopes Cognito defines itself (API reference, CreateUserPoolClient AllowedOAuthScopes). */
export const STANDARD_SCOPES = new Set(['phone', 'email', 'openid', 'profile', 'aws.cognito.signin.user.admin']);

export function resourceServerType(
  r: Pick<ResourceServerRow, 'pool_id' | 'identifier' | 'name' | 'scopes'>,
): ResourceServerType {
  return {
    UserPoolId: r.pool_id,
    Identifier: r.identifier,
    Name: r.name,
    Scopes: JSON.parse(r.scopes) as ResourceServerScopeType[],
  };
}

/** A scope list without two scopes of one name. AWS's text is not on record: cognate's words. */
export function checkScopes(scopes: ResourceServerScopeType[] | undefined): ResourceServerScopeType[] {
  const list = scopes ?? [];
  const names = new Set<string>();
  for (const s of list) {
    if (names.has(s.ScopeName!)) throw new InvalidParameterException(`Scope ${s.ScopeName} is listed more than once.`);
    names.add(s.ScopeName!);
  }
  return list.map((s) => ({ ScopeName: s.ScopeName, ScopeDescription: s.ScopeDescription }));
}

// AWS's text for a resource server that is not there is not on record: cognate's words.
export const noSuchResourceServer = (identifier: string) =>
  new ResourceNotFoundException(`Resource server ${identifier} does not exist.`);

export async function getResourceServer(db: Db | Tx, poolId: string, identifier: string): Promise<ResourceServerRow> {
  const row = await db
    .selectFrom('resource_servers')
    .selectAll()
    .where('pool_id', '=', poolId)
    .where('identifier', '=', identifier)
    .executeTakeFirst();
  if (!row) throw noSuchResourceServer(identifier);
  return row;
}

/** The scopes of each pool as of one version of it (a pool object is one version: pools/store.ts). */
const scopesOf = new WeakMap<Pool, ReadonlySet<string>>();

/**
 * Every `<identifier>/<scope>` of the pool's resource servers, by identifier: what tokens may carry
 * ("After you delete a resource server, users can no longer generate access tokens with scopes that
 * are associate with that resource server", API reference, DeleteResourceServer). Every change to a
 * pool's resource servers raises its version in the same transaction, so the scopes read once for a
 * version stay true for it: the token endpoint reads them once per pool version, not per token.
 */
export async function poolScopes(db: Db, pool: Pool): Promise<ReadonlySet<string>> {
  const kept = scopesOf.get(pool);
  if (kept) return kept;
  const rows = await db
    .selectFrom('resource_servers')
    .select(['identifier', 'scopes'])
    .where('pool_id', '=', pool.id)
    .orderBy('identifier')
    .execute();
  const scopes = new Set(
    rows.flatMap((r) =>
      (JSON.parse(r.scopes) as ResourceServerScopeType[]).map((s) => `${r.identifier}/${s.ScopeName}`),
    ),
  );
  // Read inside a transaction, the pool may be of a version that is rolled back: not kept.
  if (!db.isTransaction) scopesOf.set(pool, scopes);
  return scopes;
}

export const resourceServersScope = (poolId: string) => `resource-servers ${poolId}`;

export async function listResourceServers(
  db: Db,
  poolId: string,
  after: string | undefined,
  limit: number,
): Promise<{ items: ResourceServerRow[]; next?: string }> {
  let q = db.selectFrom('resource_servers').selectAll().where('pool_id', '=', poolId);
  if (after !== undefined) q = q.where('identifier', '>', after);
  const rows = await q
    .orderBy('identifier')
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit);
  return rows.length > limit
    ? { items, next: pageToken(resourceServersScope(poolId), [items[items.length - 1].identifier]) }
    : { items };
}

/**
 * An app client's AllowedOAuthScopes: Cognito's own scopes, or `<identifier>/<scope>` of a
 * resource server of the pool that has that scope. Recorded: `Invalid scope requested: Cognito`,
 * ScopeDoesNotExistException (awsdocs/aws-cloudformation-user-guide#564 and #518). Deleting a
 * resource server or a scope later leaves the clients that allow it as they are (reported in
 * aws-cloudformation/cloudformation-coverage-roadmap#173).
 */
export async function checkClientScopes(db: Db, poolId: string, scopes: string[] | undefined): Promise<void> {
  const custom = (scopes ?? []).filter((s) => !STANDARD_SCOPES.has(s));
  if (custom.length === 0) return;
  const identifiers = [...new Set(custom.map((s) => s.slice(0, Math.max(0, s.lastIndexOf('/')))))].filter(Boolean);
  const servers = identifiers.length
    ? await db
        .selectFrom('resource_servers')
        .select(['identifier', 'scopes'])
        .where('pool_id', '=', poolId)
        .where('identifier', 'in', identifiers)
        .execute()
    : [];
  const known = new Set(
    servers.flatMap((r) =>
      (JSON.parse(r.scopes) as ResourceServerScopeType[]).map((s) => `${r.identifier}/${s.ScopeName}`),
    ),
  );
  const missing = custom.find((s) => !known.has(s));
  if (missing) throw new ScopeDoesNotExistException(`Invalid scope requested: ${missing}`);
}
