// A pool's MFA: which factors it offers (SMS through its SmsConfiguration, software tokens, email
// one-time codes through its own SES sender), whether MFA is OFF, OPTIONAL or ON, and the checks
// SetUserPoolMfaConfig makes (texts measured against AWS: docs/reference/cognito-messaging-facts.md §6.2, §1.3).
import type {
  GetUserPoolMfaConfigResponse,
  SetUserPoolMfaConfigRequest,
} from '@aws-sdk/client-cognito-identity-provider';
import { InvalidParameterException } from '../../../generated/cognito-idp/errors.js';
import type { PoolConfig } from './config.js';

export type Factor = 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP';

/** The factors a pool offers, in Cognito's order. */
export function poolFactors(config: PoolConfig): Factor[] {
  const factors: Factor[] = [];
  if (config.SmsConfiguration) factors.push('SMS_MFA');
  if (config.SoftwareTokenMfaConfiguration?.Enabled) factors.push('SOFTWARE_TOKEN_MFA');
  if (config.EmailMfaConfiguration) factors.push('EMAIL_OTP');
  return factors;
}

export function mfaView(config: PoolConfig): GetUserPoolMfaConfigResponse {
  return {
    ...(config.SmsConfiguration
      ? {
          SmsMfaConfiguration: {
            SmsAuthenticationMessage: config.SmsAuthenticationMessage,
            SmsConfiguration: config.SmsConfiguration,
          },
        }
      : {}),
    // Only a pool whose last SetUserPoolMfaConfig sent SoftwareTokenMfaConfiguration shows one: terraform-provider-aws's
    // acceptance tests, run against AWS, read none for a new pool (MFA OFF), for SMS-only MFA, and after MFA went
    // OFF or to SMS without it (user_pool_test.go: TestAccCognitoIDPUserPool_basic, _MFA_sms,
    // _MFA_softwareTokenMFA, _MFA_softwareTokenMFAToSMS), and {Enabled: false} where it was sent so
    // (_MFA_smsAndSoftwareTokenMFA). Answering {Enabled: false} for none made every Terraform plan dirty.
    ...(config.SoftwareTokenMfaConfiguration
      ? { SoftwareTokenMfaConfiguration: { Enabled: config.SoftwareTokenMfaConfiguration.Enabled ?? false } }
      : {}),
    ...(config.EmailMfaConfiguration ? { EmailMfaConfiguration: config.EmailMfaConfiguration } : {}),
    MfaConfiguration: config.MfaConfiguration ?? 'OFF',
    ...(config.WebAuthnConfiguration ? { WebAuthnConfiguration: config.WebAuthnConfiguration } : {}),
  };
}

/**
 * SetUserPoolMfaConfig replaces the pool's MFA settings (docs/reference/cognito-messaging-facts.md §1.7, measured by
 * cdkd): MfaConfiguration left out is OFF, and a factor's settings left out are gone (software tokens: the
 * terraform-provider-aws acceptance tests named at mfaView). SmsMfaConfiguration left out keeps the pool's
 * SmsConfiguration, which verification messages share (after MFA OFF, DescribeUserPool still shows it:
 * TestAccCognitoIDPUserPool_MFA_sms).
 */
export function setMfa(config: PoolConfig, input: SetUserPoolMfaConfigRequest): PoolConfig {
  const mode = input.MfaConfiguration ?? 'OFF';
  const configuresFactor =
    !!input.SmsMfaConfiguration || !!input.SoftwareTokenMfaConfiguration?.Enabled || !!input.EmailMfaConfiguration;
  if (mode === 'OFF' && configuresFactor)
    throw new InvalidParameterException(
      "Invalid MFA configuration given, can't turn off MFA and configure an MFA together",
    );
  if (
    input.EmailMfaConfiguration &&
    (config.EmailConfiguration?.EmailSendingAccount ?? 'COGNITO_DEFAULT') === 'COGNITO_DEFAULT'
  ) {
    throw new InvalidParameterException(
      'Cannot set EmailMfaConfiguration when user pool EmailConfiguration contains an EmailSendingAccount of COGNITO_DEFAULT',
    );
  }
  const { SoftwareTokenMfaConfiguration: _software, EmailMfaConfiguration: _email, ...kept } = config;
  const next: PoolConfig = { ...kept, MfaConfiguration: mode };
  if (input.SmsMfaConfiguration) {
    const { SmsAuthenticationMessage, SmsConfiguration } = input.SmsMfaConfiguration;
    if (SmsConfiguration) next.SmsConfiguration = SmsConfiguration;
    if (SmsAuthenticationMessage !== undefined) next.SmsAuthenticationMessage = SmsAuthenticationMessage;
  }
  if (input.SoftwareTokenMfaConfiguration)
    next.SoftwareTokenMfaConfiguration = { Enabled: input.SoftwareTokenMfaConfiguration.Enabled ?? false };
  if (input.EmailMfaConfiguration) next.EmailMfaConfiguration = input.EmailMfaConfiguration;
  // Passkeys are no MFA factor (they ride beside MfaConfiguration OFF on a passkey-only pool, and
  // OPTIONAL with them alone is refused below, as AWS refuses it: cdkd issue #1920). Left out, the
  // pool's passkey settings stay as they are: cognate's choice, AWS's is not on record.
  if (input.WebAuthnConfiguration) next.WebAuthnConfiguration = input.WebAuthnConfiguration;
  // ON or OPTIONAL with no factor, whether none is named or the pool has none: AWS's text as measured
  // by cdkd and met by others (docs/reference/cognito-messaging-facts.md §6.2). moto words the case of
  // a request naming no factor differently ("At least one of [SmsMfaConfiguration] or
  // [SoftwareTokenMfaConfiguration] must be provided."), a text no recording of AWS shows.
  if (mode !== 'OFF' && poolFactors(next).length === 0) {
    throw new InvalidParameterException(
      'Invalid MFA Configuration given. SMS MFA, Email MFA, or Software Token MFA must be enabled.',
    );
  }
  return next;
}
