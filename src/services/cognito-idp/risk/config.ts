// Risk configurations (SetRiskConfiguration, DescribeRiskConfiguration): one for the pool and one
// per app client that overrides it ("When the client ID isn't null, the user pool configuration is
// overridden and the risk configuration for the client is used instead", API reference). A request
// with none of the three configuration members resets the pool's (or the client's) to defaults,
// which deletes its row. SetRiskConfiguration is not refused on a pool without threat protection:
// terraform-provider-aws's acceptance tests, run against AWS, set one on a pool created with a name
// only (risk_configuration_test.go); what it configures acts only once the pool's mode is on.
import { isIP, BlockList } from 'node:net';
import type {
  AccountTakeoverRiskConfigurationType,
  CompromisedCredentialsRiskConfigurationType,
  RiskConfigurationType,
  RiskExceptionConfigurationType,
} from '@aws-sdk/client-cognito-identity-provider';
import { InvalidParameterException, NotAuthorizedException } from '../../../generated/cognito-idp/errors.js';
import type { Db, Tx } from '../../../store/store.js';
import type { Deps } from '../../context.js';
import { emailConfigProblem } from '../pools/email-config.js';
import type { Pool } from '../pools/store.js';

export interface RiskSettings {
  CompromisedCredentialsRiskConfiguration?: CompromisedCredentialsRiskConfigurationType;
  AccountTakeoverRiskConfiguration?: AccountTakeoverRiskConfigurationType;
  RiskExceptionConfiguration?: RiskExceptionConfigurationType;
}

/** Where no EventFilter is given: "Defaults to all events" (API reference, CompromisedCredentialsRiskConfigurationType). */
const ALL_EVENTS = ['SIGN_IN', 'PASSWORD_CHANGE', 'SIGN_UP'] as const;

/** An IPv4 or IPv6 range in CIDR notation ("displayed and set in CIDR notation", RiskExceptionConfigurationType). */
export function parseCidr(range: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | undefined {
  const m = /^([^/]+)\/(\d{1,3})$/.exec(range);
  if (!m) return undefined;
  const version = isIP(m[1]);
  const prefix = Number(m[2]);
  if (version === 0 || prefix > (version === 4 ? 32 : 128)) return undefined;
  return { address: m[1], prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

function checkRanges(name: string, ranges: string[] | undefined): void {
  for (const range of ranges ?? []) {
    // AWS's text for a range that is not CIDR is not on record: cognate's words.
    if (!parseCidr(range)) throw new InvalidParameterException(`${name} has an invalid IP range: ${range}`);
  }
}

/** The checks SetRiskConfiguration makes beyond the model's, and the defaults it fills in. */
export async function settle(deps: Deps, pool: Pool, input: RiskSettings): Promise<RiskSettings> {
  const exceptions = input.RiskExceptionConfiguration;
  checkRanges('BlockedIPRangeList', exceptions?.BlockedIPRangeList);
  checkRanges('SkippedIPRangeList', exceptions?.SkippedIPRangeList);
  const notify = input.AccountTakeoverRiskConfiguration?.NotifyConfiguration;
  if (notify && deps.config.cognitoEmail !== 'direct') {
    // Notifications go out through the SES identity SourceArn names, From in its name: the same
    // checks as a pool's own sender (pools/email-config.ts; inferred, AWS's answers here are not on record).
    const problem = await emailConfigProblem(
      deps.store.db,
      pool,
      { EmailConfiguration: { SourceArn: notify.SourceArn, ...(notify.From ? { From: notify.From } : {}) } },
      deps.now(),
    );
    if (problem?.kind === 'foreign') throw new NotAuthorizedException(problem.message);
    if (problem) throw new InvalidParameterException(problem.message);
  }
  const compromised = input.CompromisedCredentialsRiskConfiguration;
  return {
    ...(compromised
      ? {
          CompromisedCredentialsRiskConfiguration: {
            ...compromised,
            EventFilter: compromised.EventFilter?.length ? compromised.EventFilter : [...ALL_EVENTS],
          },
        }
      : {}),
    ...(input.AccountTakeoverRiskConfiguration
      ? { AccountTakeoverRiskConfiguration: input.AccountTakeoverRiskConfiguration }
      : {}),
    ...(exceptions ? { RiskExceptionConfiguration: exceptions } : {}),
  };
}

export const isEmpty = (s: RiskSettings): boolean =>
  !s.CompromisedCredentialsRiskConfiguration && !s.AccountTakeoverRiskConfiguration && !s.RiskExceptionConfiguration;

/** Stores (or, when empty, deletes) the pool's or a client's configuration. */
export async function putRiskSettings(
  db: Db | Tx,
  poolId: string,
  clientId: string | undefined,
  settings: RiskSettings,
  now: number,
): Promise<void> {
  const client = clientId ?? '';
  if (isEmpty(settings)) {
    await db.deleteFrom('risk_configurations').where('pool_id', '=', poolId).where('client_id', '=', client).execute();
    return;
  }
  const config = JSON.stringify(settings);
  await db
    .insertInto('risk_configurations')
    .values({ pool_id: poolId, client_id: client, config, updated_at: now })
    .onConflict((oc) => oc.columns(['pool_id', 'client_id']).doUpdateSet({ config, updated_at: now }))
    .execute();
}

/** The configuration as DescribeRiskConfiguration shows it: what is stored, or only the ids. */
export async function describeRisk(
  db: Db,
  poolId: string,
  clientId: string | undefined,
): Promise<RiskConfigurationType> {
  const row = await db
    .selectFrom('risk_configurations')
    .select(['config', 'updated_at'])
    .where('pool_id', '=', poolId)
    .where('client_id', '=', clientId ?? '')
    .executeTakeFirst();
  return {
    UserPoolId: poolId,
    ...(clientId ? { ClientId: clientId } : {}),
    ...(row ? { ...(JSON.parse(row.config) as RiskSettings), LastModifiedDate: new Date(Number(row.updated_at)) } : {}),
  };
}

/** The configuration that applies to a sign-in through a client: the client's own, else the pool's. */
export async function effectiveRisk(db: Db, poolId: string, clientId: string): Promise<RiskSettings | undefined> {
  const rows = await db
    .selectFrom('risk_configurations')
    .select(['client_id', 'config'])
    .where('pool_id', '=', poolId)
    .where('client_id', 'in', [clientId, ''])
    .execute();
  const row = rows.find((r) => r.client_id === clientId) ?? rows[0];
  return row && (JSON.parse(row.config) as RiskSettings);
}

/** Whether an address falls in one of the ranges. */
export function inRanges(ip: string, ranges: string[] | undefined): boolean {
  if (!ranges?.length || isIP(ip) === 0) return false;
  const list = new BlockList();
  for (const range of ranges) {
    const r = parseCidr(range);
    if (r) list.addSubnet(r.address, r.prefix, r.family);
  }
  return list.check(ip, isIP(ip) === 4 ? 'ipv4' : 'ipv6');
}
