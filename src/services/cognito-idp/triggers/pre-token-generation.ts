// PreTokenGeneration (developer guide, "Pre token generation Lambda trigger"): before a sign-in's
// or a refresh's tokens are signed. The event's version follows the pool's
// PreTokenGenerationConfig.LambdaVersion: V1_0 (or the bare PreTokenGeneration ARN) customizes the
// ID token (`claimsOverrideDetails`); V2_0 and V3_0 the ID and the access token
// (`claimsAndScopeOverrideDetails`: claims, and the access token's scopes). V3_0 also runs for
// the OAuth token endpoint's client_credentials grants (`machineTokenGeneration`): no user, the
// granted scopes, and the request's `aws_client_metadata`; only the access token's part applies.
// Claims Cognito keeps whatever the function answers (the developer guide's list for the ID
// token; for the access token also client_id, scope, username, event_id) are left as they are;
// group claims change only through groupOverrideDetails. A claim both added and suppressed is
// suppressed ("If a value is both suppressed and replaced, then it will be suppressed").
import type { Claims } from '../../../crypto/jwt.js';
import type { Deps } from '../../context.js';
import type { Client, Pool } from '../pools/store.js';
import type { User } from '../users/store.js';
import { attributesOf } from './authentication.js';
import { runTrigger, type TriggerCall } from './invoke.js';

export type TokenSource =
  | 'TokenGeneration_HostedAuth'
  | 'TokenGeneration_Authentication'
  | 'TokenGeneration_NewPasswordChallenge'
  | 'TokenGeneration_AuthenticateDevice'
  | 'TokenGeneration_RefreshTokens'
  | 'TokenGeneration_ClientCredentials';

export interface TokenGroups {
  names: string[];
  roles: string[];
  preferredRole?: string;
}

/** What the function changes; applied by tokens/issue.ts as it builds the claims. */
export interface TokenOverrides {
  id: { add: Claims; suppress: Set<string> };
  access: { add: Claims; suppress: Set<string> };
  scopesToAdd: string[];
  scopesToSuppress: Set<string>;
  groups?: TokenGroups;
}

const ID_PROTECTED = new Set([
  'acr',
  'amr',
  'aud',
  'at_hash',
  'auth_time',
  'azp',
  'cognito:username',
  'exp',
  'iat',
  'identities',
  'iss',
  'jti',
  'nbf',
  'nonce',
  'origin_jti',
  'sub',
  'token_use',
  'cognito:groups',
  'cognito:roles',
  'cognito:preferred_role',
]);
const ACCESS_PROTECTED = new Set([...ID_PROTECTED, 'client_id', 'scope', 'username', 'event_id', 'version']);

/** The event version the pool's configuration asks for: 1, 2 or 3. */
export function eventVersion(pool: Pool): '1' | '2' | '3' {
  const v = pool.config.LambdaConfig?.PreTokenGenerationConfig?.LambdaVersion;
  return v === 'V2_0' ? '2' : v === 'V3_0' ? '3' : '1';
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function claimsPart(v: unknown, protectedNames: Set<string>): { add: Claims; suppress: Set<string> } {
  const add: Claims = {};
  const part = isObject(v) ? v : {};
  if (isObject(part.claimsToAddOrOverride))
    for (const [k, x] of Object.entries(part.claimsToAddOrOverride))
      if (!protectedNames.has(k) && x !== undefined && x !== null) add[k] = x as Claims[string];
  const suppress = new Set(strings(part.claimsToSuppress).filter((k) => !protectedNames.has(k)));
  return { add, suppress };
}

function groupsPart(details: Record<string, unknown>): TokenGroups | undefined {
  // Present (even empty or null) replaces the groups; absent leaves them (developer guide).
  if (!('groupOverrideDetails' in details)) return undefined;
  const g = isObject(details.groupOverrideDetails) ? details.groupOverrideDetails : {};
  return {
    names: strings(g.groupsToOverride),
    roles: strings(g.iamRolesToOverride),
    ...(typeof g.preferredRole === 'string' ? { preferredRole: g.preferredRole } : {}),
  };
}

export async function preTokenGeneration(
  deps: Deps,
  pool: Pool,
  client: Client,
  user: User,
  source: TokenSource,
  groups: TokenGroups,
  scopes: string[],
  clientMetadata?: Record<string, string>,
): Promise<TokenOverrides | undefined> {
  if (!hasTrigger(pool)) return undefined;
  const version = eventVersion(pool);
  return run(deps, pool, version, {
    source,
    userName: user.username,
    clientId: client.clientId,
    request: {
      userAttributes: attributesOf(user),
      groupConfiguration: {
        groupsToOverride: groups.names,
        iamRolesToOverride: groups.roles,
        preferredRole: groups.preferredRole ?? null,
      },
      ...(version === '1' ? {} : { scopes }),
      ...(clientMetadata ? { clientMetadata } : {}),
    },
  });
}

/**
 * V3_0 for a client_credentials grant (trigger source TokenGeneration_ClientCredentials): called
 * only where the pool asks for V3_0 ("Version three event responses apply to access tokens from
 * user authentication and machine authentication"). There is no user: no attributes, no groups;
 * `userName` is the app client's id (what Cognito sends there is not on record). The token request's
 * `aws_client_metadata` is the event's `clientMetadata`. Only `accessTokenGeneration` applies.
 */
export async function machineTokenGeneration(
  deps: Deps,
  pool: Pool,
  client: Client,
  scopes: string[],
  clientMetadata?: Record<string, string>,
): Promise<TokenOverrides | undefined> {
  if (!hasTrigger(pool) || eventVersion(pool) !== '3') return undefined;
  return run(deps, pool, '3', {
    source: 'TokenGeneration_ClientCredentials',
    userName: client.clientId,
    clientId: client.clientId,
    request: {
      userAttributes: {},
      groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [], preferredRole: null },
      scopes,
      ...(clientMetadata ? { clientMetadata } : {}),
    },
  });
}

const hasTrigger = (pool: Pool) => {
  const c = pool.config.LambdaConfig;
  return Boolean(c?.PreTokenGeneration || c?.PreTokenGenerationConfig?.LambdaArn);
};

async function run(
  deps: Deps,
  pool: Pool,
  version: '1' | '2' | '3',
  call: Omit<TriggerCall, 'version' | 'response'>,
): Promise<TokenOverrides | undefined> {
  const v1 = version === '1';
  const response = await runTrigger(deps, pool, 'PreTokenGeneration', {
    ...call,
    version,
    response: v1 ? { claimsOverrideDetails: null } : { claimsAndScopeOverrideDetails: null },
  });
  if (!response) return undefined;
  const details = response[v1 ? 'claimsOverrideDetails' : 'claimsAndScopeOverrideDetails'];
  if (!isObject(details)) return undefined;
  const groupChange = groupsPart(details);
  const access = isObject(details.accessTokenGeneration) ? details.accessTokenGeneration : {};
  return {
    id: claimsPart(v1 ? details : details.idTokenGeneration, ID_PROTECTED),
    access: v1 ? { add: {}, suppress: new Set() } : claimsPart(access, ACCESS_PROTECTED),
    scopesToAdd: v1 ? [] : strings(access.scopesToAdd),
    scopesToSuppress: new Set(v1 ? [] : strings(access.scopesToSuppress)),
    ...(groupChange ? { groups: groupChange } : {}),
  };
}

/** The granted scopes with the function's changes: those it adds after them, those it suppresses left out. */
export function scopesWith(granted: string[], changes: TokenOverrides | undefined): string[] {
  if (!changes) return granted;
  return [...granted, ...changes.scopesToAdd.filter((x) => !granted.includes(x))].filter(
    (x) => !changes.scopesToSuppress.has(x),
  );
}

/** The claims with the function's changes: added or overridden, then suppressed. */
export function applyClaims(claims: Claims, part: { add: Claims; suppress: Set<string> }): Claims {
  const out: Claims = { ...claims, ...part.add };
  for (const k of part.suppress) delete out[k];
  return out;
}
