// Feature plans (UserPoolTier: LITE, ESSENTIALS, PLUS; "Feature plans", developer guide): a pool's
// configuration may use only what its plan includes. Checked wherever a pool's configuration or
// plan changes (CreateUserPool, UpdateUserPool, SetUserPoolMfaConfig), so that a plan cannot be
// lowered under a feature in use either.
//
// AWS's refusal lists the features in one text, recorded from AWS: "The following features need to
// be disabled for the ESSENTIALS pricing tier configured: Threat Protection" (terraform-provider-aws
// #40734, aws-cdk #33565) and "... for the LITE pricing tier configured: Passwordless Sign-In"
// (amplify-backend #2805). The names AWS gives email MFA and access token customization (a
// PreTokenGeneration trigger of LambdaVersion V2_0 or V3_0: "In user pools with the Essentials or
// Plus feature plan", developer guide, "Pre token generation Lambda trigger") in that list are not
// on record: "Email MFA" and "Access Token Customization" are cognate's.
import type { UserPoolTierType } from '@aws-sdk/client-cognito-identity-provider';
import { FeatureUnavailableInTierException } from '../../../generated/cognito-idp/errors.js';
import type { PoolConfig } from './config.js';
import { allowsPasswordless } from './sign-in-policy.js';

const RANK: Record<UserPoolTierType, number> = { LITE: 0, ESSENTIALS: 1, PLUS: 2 };

export const tierOf = (config: Pick<PoolConfig, 'UserPoolTier'>): UserPoolTierType =>
  config.UserPoolTier ?? 'ESSENTIALS';

export const tierAtLeast = (config: Pick<PoolConfig, 'UserPoolTier'>, tier: UserPoolTierType) =>
  RANK[tierOf(config)] >= RANK[tier];

/** The features a configuration uses, each with the least plan that has it. */
function featuresOf(config: PoolConfig): [string, UserPoolTierType][] {
  const used: [string, UserPoolTierType][] = [];
  const mode = config.UserPoolAddOns?.AdvancedSecurityMode;
  if (mode === 'AUDIT' || mode === 'ENFORCED') used.push(['Threat Protection', 'PLUS']);
  if (allowsPasswordless(config)) used.push(['Passwordless Sign-In', 'ESSENTIALS']);
  if (config.EmailMfaConfiguration) used.push(['Email MFA', 'ESSENTIALS']);
  const version = config.LambdaConfig?.PreTokenGenerationConfig?.LambdaVersion;
  if (version === 'V2_0' || version === 'V3_0') used.push(['Access Token Customization', 'ESSENTIALS']);
  return used;
}

export function unavailableInTier(tier: UserPoolTierType, features: string[]): FeatureUnavailableInTierException {
  return new FeatureUnavailableInTierException(
    `The following features need to be disabled for the ${tier} pricing tier configured: ${features.join(', ')}`,
  );
}

/** Refuses a configuration that uses a feature its plan does not include. */
export function checkTier(config: PoolConfig): void {
  const tier = tierOf(config);
  const over = featuresOf(config)
    .filter(([, least]) => RANK[least] > RANK[tier])
    .map(([name]) => name);
  if (over.length) throw unavailableInTier(tier, over);
}
