// The checks Cognito makes when a pool's SmsConfiguration is set (CreateUserPool, UpdateUserPool,
// SetUserPoolMfaConfig), and again at every send (messages/sms-gate.ts):
// - the role in SnsCallerArn must let cognito-idp.amazonaws.com assume it for this pool: its trust
//   policy evaluated with sts:ExternalId (the pool's ExternalId), aws:SourceAccount and
//   aws:SourceArn (the pool's ARN); otherwise InvalidSmsRoleTrustRelationshipException;
// - SMS MFA needs the trust policy to require the ExternalId ("To send SMS messages for MFA, your
//   IAM role trust policy must have an sts:ExternalId condition"; developer guide, the mission's
//   document docs/reference/seeds/004): cognate checks that the role cannot be assumed without it;
// - the role's permissions must allow sns:Publish; otherwise InvalidSmsRoleAccessPolicyException;
// - SnsRegion must be one the pool's Region may use (pools/sms-regions.ts).
// Messages: `Role does not have a trust relationship allowing Cognito to assume the role`
// (aws-amplify/amplify-flutter#1328), `Role does not have permission to publish with SNS`
// (OElesin/querypal#6); docs/reference/cognito-messaging-facts.md §3.2.
// On success Cognito sends a test SMS to an internal number, charged by SNS (developer guide,
// "Complete the user pool setup"); cognate publishes it through SNS's rules like any other SMS.
import type { SmsConfigurationType } from '@aws-sdk/client-cognito-identity-provider';
import {
  InvalidParameterException,
  InvalidSmsRoleAccessPolicyException,
  InvalidSmsRoleTrustRelationshipException,
} from '../../../generated/cognito-idp/errors.js';
import { checkRoleForService, type RoleCheck } from '../../iam/cognito-role.js';
import { parseRoleArn } from '../../iam/access.js';
import type { Db, Tx } from '../../../store/store.js';
import type { Deps } from '../../context.js';
import { publishSms } from '../../sns/publish.js';
import { smsAccount, type Scope } from '../../sns/store.js';
import { poolArn, type Pool } from './store.js';
import type { PoolConfig } from './config.js';
import { allowedSnsRegions, effectiveSnsRegion } from './sms-regions.js';

export const TRUST_MESSAGE = 'Role does not have a trust relationship allowing Cognito to assume the role';
export const PUBLISH_MESSAGE = 'Role does not have permission to publish with SNS';
/** Where Cognito's test message goes: AWS says only "an internal phone number"; this one is cognate's. */
export const TEST_MESSAGE_NUMBER = '+10000000000';
export const TEST_MESSAGE_TEXT = 'Amazon Cognito SMS configuration test message.';

/**
 * Evaluates the role for this pool as Cognito's sts:AssumeRole and sns:Publish would be, and throws
 * the exception Cognito answers when it will not do. `mfa` adds the rule that the role must not be
 * assumable without the ExternalId.
 */
export async function requireUsableRole(
  db: Db | Tx,
  pool: Pick<Pool, 'id' | 'account' | 'region'>,
  sms: SmsConfigurationType,
  mfa: boolean,
): Promise<RoleCheck> {
  const request = {
    account: pool.account,
    roleArn: sms.SnsCallerArn ?? '',
    sourceAccount: pool.account,
    sourceArn: poolArn(pool),
  };
  const check = await checkRoleForService({ db }, { ...request, externalId: sms.ExternalId });
  if (!check.trust.allowed) throw new InvalidSmsRoleTrustRelationshipException(TRUST_MESSAGE);
  if (mfa && (sms.ExternalId === undefined || (await checkRoleForService({ db }, request)).trust.allowed)) {
    throw new InvalidSmsRoleTrustRelationshipException(TRUST_MESSAGE);
  }
  if (!check.permission.allowed) throw new InvalidSmsRoleAccessPolicyException(PUBLISH_MESSAGE);
  return check;
}

/** The SNS account and Region a pool's SMS go out from: the role's account, the effective SNS Region. */
export function snsScopeOf(pool: Pick<Pool, 'account' | 'region'>, sms: SmsConfigurationType): Scope {
  return {
    account: parseRoleArn(sms.SnsCallerArn ?? '')?.account ?? pool.account,
    region: effectiveSnsRegion(pool.region, sms.SnsRegion),
  };
}

/**
 * DescribeUserPool's SmsConfigurationFailure: what stops the pool's SMS now, comma-separated. The
 * model documents `InvalidSmsRoleAccessPolicyException` and `SNSSandbox` (docs/reference/cognito-messaging-facts.md
 * §3.1); cognate also names a role Cognito cannot assume. Undefined when nothing does.
 */
export async function smsConfigurationFailure(deps: Deps, pool: Pool): Promise<string | undefined> {
  const sms = pool.config.SmsConfiguration;
  if (!sms?.SnsCallerArn || deps.config.cognitoSms === 'direct') return undefined;
  const failures: string[] = [];
  try {
    await requireUsableRole(deps.store.db, pool, sms, mfaPossible(pool.config));
  } catch (e) {
    if (e instanceof InvalidSmsRoleAccessPolicyException || e instanceof InvalidSmsRoleTrustRelationshipException)
      failures.push(e.name);
    else throw e;
  }
  if ((await smsAccount(deps.store.db, snsScopeOf(pool, sms))).inSandbox) failures.push('SNSSandbox');
  return failures.length ? failures.join(',') : undefined;
}

const mfaPossible = (config: PoolConfig) => config.MfaConfiguration === 'ON' || config.MfaConfiguration === 'OPTIONAL';

/**
 * Checks the SmsConfiguration of `config` for `pool` (whose id and Region are final) and, when it
 * is new or changed, sends Cognito's test message. Nothing to check without SmsConfiguration, or
 * when the server sends SMS directly (--cognito-sms direct).
 */
export async function checkSmsConfiguration(
  deps: Deps,
  pool: Pick<Pool, 'id' | 'account' | 'region'>,
  config: PoolConfig,
  previous?: PoolConfig,
): Promise<void> {
  const sms = config.SmsConfiguration;
  if (!sms || deps.config.cognitoSms === 'direct') return;
  // AWS's texts for the three refusals below are not on record: cognate's words, each naming the
  // member at fault.
  if (sms.EumsSms) {
    if (sms.SnsCallerArn)
      throw new InvalidParameterException('SnsCallerArn and EumsSms cannot both be set in SmsConfiguration.');
    if (sms.EumsSms.Region && sms.EumsSms.Region !== pool.region)
      throw new InvalidParameterException("EumsSms Region must be the user pool's Region.");
    return;
  }
  if (!sms.SnsCallerArn) throw new InvalidParameterException('SnsCallerArn is required in SmsConfiguration.');
  if (sms.SnsRegion && !allowedSnsRegions(pool.region).includes(sms.SnsRegion)) {
    // AWS's text for this refusal is not recorded; ours names what is allowed.
    throw new InvalidParameterException(
      `SnsRegion ${sms.SnsRegion} is not supported for user pools in ${pool.region}; use ${allowedSnsRegions(pool.region).join(' or ')}.`,
    );
  }
  await requireUsableRole(deps.store.db, pool, sms, mfaPossible(config));
  if (JSON.stringify(previous?.SmsConfiguration) === JSON.stringify(sms)) return;
  const now = deps.now();
  await deps.store.tx((trx) =>
    publishSms(
      trx,
      {
        scope: snsScopeOf(pool, sms),
        destination: TEST_MESSAGE_NUMBER,
        message: TEST_MESSAGE_TEXT,
        poolId: pool.id,
        activity: 'sms_configuration_test',
      },
      now,
    ),
  );
}
