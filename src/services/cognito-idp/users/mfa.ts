// A user's MFA factors: which they turned on (SetUserMFAPreference, AdminSetUserMFAPreference, or
// a software token verified during sign-in), which they prefer, and how GetUser/AdminGetUser show
// them (the keys are absent when no factor is on).
import type { AdminSetUserMFAPreferenceRequest, MFAOptionType } from '@aws-sdk/client-cognito-identity-provider';
import { InvalidParameterException } from '../../../generated/cognito-idp/errors.js';
import type { Factor } from '../pools/mfa.js';
import type { MfaFactor, MfaSettings, User } from './store.js';

const KEYS: Record<Factor, keyof MfaSettings> = { SMS_MFA: 'sms', SOFTWARE_TOKEN_MFA: 'software', EMAIL_OTP: 'email' };
const ORDER: Factor[] = ['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'];

/** The factors the user has turned on. */
export const enabledFactors = (user: Pick<User, 'mfa'>): Factor[] => ORDER.filter((f) => user.mfa[KEYS[f]]?.enabled);

export const preferredFactor = (user: Pick<User, 'mfa'>): Factor | undefined =>
  ORDER.find((f) => user.mfa[KEYS[f]]?.enabled && user.mfa[KEYS[f]]?.preferred);

export function mfaFields(user: Pick<User, 'mfa'>): {
  MFAOptions?: MFAOptionType[];
  PreferredMfaSetting?: string;
  UserMFASettingList?: string[];
} {
  const on = enabledFactors(user);
  const preferred = preferredFactor(user);
  return {
    ...(on.includes('SMS_MFA') ? { MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] } : {}),
    ...(preferred ? { PreferredMfaSetting: preferred } : {}),
    ...(on.length ? { UserMFASettingList: on } : {}),
  };
}

type Preferences = Pick<
  AdminSetUserMFAPreferenceRequest,
  'SMSMfaSettings' | 'SoftwareTokenMfaSettings' | 'EmailMfaSettings'
>;

/** Applies the settings given (the others stay); a factor needs what it delivers to (texts: aws/aws-sdk-js-v3#4645). */
export function applyPreferences(user: User, input: Preferences): MfaSettings {
  const given: [Factor, { Enabled?: boolean; PreferredMfa?: boolean } | undefined][] = [
    ['SMS_MFA', input.SMSMfaSettings],
    ['SOFTWARE_TOKEN_MFA', input.SoftwareTokenMfaSettings],
    ['EMAIL_OTP', input.EmailMfaSettings],
  ];
  const next: MfaSettings = { ...user.mfa };
  for (const [factor, setting] of given) {
    if (!setting) continue;
    const enabled = setting.Enabled ?? next[KEYS[factor]]?.enabled ?? false;
    const preferred = enabled && (setting.PreferredMfa ?? next[KEYS[factor]]?.preferred ?? false);
    if (enabled) {
      const delivers =
        factor === 'SMS_MFA'
          ? !!user.attributes.phone_number
          : factor === 'EMAIL_OTP'
            ? !!user.attributes.email
            : !!user.totpSecret;
      // AWS's text (aws/aws-sdk-js-v3#4645, 2023, SOFTWARE_TOKEN_MFA before a token was verified).
      if (!delivers) throw new InvalidParameterException(`User does not have delivery config set to turn on ${factor}`);
    }
    if (preferred) for (const k of Object.values(KEYS)) if (next[k]) next[k] = { ...next[k]!, preferred: false };
    next[KEYS[factor]] = { enabled, preferred } satisfies MfaFactor;
  }
  for (const k of Object.values(KEYS)) if (next[k] && !next[k]!.enabled) delete next[k];
  return next;
}
