// Choice-based sign-in (USER_AUTH): which first factors a pool allows
// (Policies.SignInPolicy.AllowedFirstAuthFactors), and the combinations with MFA and messaging
// that AWS refuses. Checked wherever one of them changes: CreateUserPool, UpdateUserPool and
// SetUserPoolMfaConfig (the plan that passwordless factors need is pools/tier.ts's).
import type { AuthFactorType } from '@aws-sdk/client-cognito-identity-provider';
import { InvalidParameterException } from '../../../generated/cognito-idp/errors.js';
import type { PoolConfig } from './config.js';

/** The first factors a pool allows; PASSWORD alone where the pool says nothing (CreateUserPool's default). */
export const allowedFirstFactors = (config: PoolConfig): AuthFactorType[] =>
  config.Policies?.SignInPolicy?.AllowedFirstAuthFactors ?? ['PASSWORD'];

/** Whether users may sign in without a password (SignUp without one is allowed only then). */
export const allowsPasswordless = (config: PoolConfig): boolean =>
  allowedFirstFactors(config).some((f) => f !== 'PASSWORD');

/** Whether a passkey sign-in counts as MFA (WebAuthnConfiguration.FactorConfiguration). */
export const passkeyIsMultiFactor = (config: PoolConfig): boolean =>
  config.WebAuthnConfiguration?.FactorConfiguration === 'MULTI_FACTOR_WITH_USER_VERIFICATION';

/** Refuses a sign-in policy that cannot work with the pool's MFA and messaging settings. */
export function checkSignInPolicy(config: PoolConfig): void {
  const factors = allowedFirstFactors(config);
  // "SOFTWARE_TOKEN is not currently supported as a first auth factor. Do not include this value"
  // (the model's SignInPolicyType). AWS's refusal is not on record: cognate's words.
  if (factors.includes('SOFTWARE_TOKEN'))
    throw new InvalidParameterException('SOFTWARE_TOKEN can not be configured as AuthFactor');
  // Measured against AWS by cdkd (cognito-provider.ts, 2026-08-19): CreateUserPool with SMS_OTP
  // and no SmsConfiguration.
  if (factors.includes('SMS_OTP') && !config.SmsConfiguration)
    throw new InvalidParameterException(
      'SMS_OTP can not be configured as AuthFactor as user pool is missing valid SMS configuration',
    );
  if (config.MfaConfiguration !== 'ON') return;
  // Measured by cdkd (issue #1975): MFA ON with EMAIL_OTP or SMS_OTP allowed is refused, OPTIONAL is accepted.
  if (factors.includes('EMAIL_OTP') || factors.includes('SMS_OTP'))
    throw new InvalidParameterException(
      'Only PASSWORD and WEB_AUTHN (if configured) can be enabled as an auth factor if MFA is enabled',
    );
  // Measured by cdkd (2026-08-20): MFA ON beside WEB_AUTHN needs passkeys to count as MFA.
  if (factors.includes('WEB_AUTHN') && !passkeyIsMultiFactor(config))
    throw new InvalidParameterException(
      'Cannot set WebAuthn factor configuration to SINGLE_FACTOR if MFA is required and WebAuthn is an allowed first auth factor',
    );
}
