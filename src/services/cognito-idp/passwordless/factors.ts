// A user's factors for choice-based sign-in: which first challenges USER_AUTH offers them
// (AvailableChallenges), and which factors GetUserAuthFactors lists as configured.
import type {
  AuthFactorType,
  ChallengeNameType,
  GetUserAuthFactorsResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Db } from '../../../store/store.js';
import type { Pool } from '../pools/store.js';
import type { User } from '../users/store.js';
import { poolFactors } from '../pools/mfa.js';
import { enabledFactors, mfaFields } from '../users/mfa.js';
import { allowedFirstFactors, passkeyIsMultiFactor } from '../pools/sign-in-policy.js';
import { countCredentials } from './credentials.js';

/** The first challenges of USER_AUTH, in the order AWS's RespondToAuthChallenge reference lists them. */
export const FIRST_CHALLENGES = ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'] as const;
export type FirstChallenge = (typeof FIRST_CHALLENGES)[number];

export const isFirstChallenge = (name: string | undefined): name is FirstChallenge =>
  (FIRST_CHALLENGES as readonly string[]).includes(name ?? '');

/** Whether this user's sign-in must pass MFA (the pool requires it, or they turned a factor on). */
export function mfaRequired(pool: Pool, user: User): boolean {
  const mode = pool.config.MfaConfiguration ?? 'OFF';
  if (mode === 'ON') return true;
  const offered = poolFactors(pool.config);
  return mode === 'OPTIONAL' && enabledFactors(user).some((f) => offered.includes(f));
}

/**
 * The first challenges the user can answer: those the pool allows and the user has what they
 * need for (a password, an email address, a phone number, a passkey). A user who must pass MFA
 * signs in with a password, which MFA follows, or with a passkey where the pool counts passkeys
 * as MFA: AWS refuses MFA ON beside one-time-password first factors and beside single-factor
 * passkeys (pools/sign-in-policy.ts), and "passkey sign-in is available when MFA is required"
 * only with passkey MFA (WebAuthnMfaSettingsType). For a user of an OPTIONAL pool who turned MFA
 * on, cognate applies the same rule (AWS's behaviour there is not on record).
 */
export async function availableChallenges(db: Db, pool: Pool, user: User): Promise<FirstChallenge[]> {
  const allowed = allowedFirstFactors(pool.config);
  const needsMfa = mfaRequired(pool, user);
  const has: Record<FirstChallenge, () => boolean | Promise<boolean>> = {
    PASSWORD: () => allowed.includes('PASSWORD') && !!user.passwordHash,
    PASSWORD_SRP: () => allowed.includes('PASSWORD') && !!user.passwordHash,
    EMAIL_OTP: () => !needsMfa && allowed.includes('EMAIL_OTP') && !!user.attributes.email,
    SMS_OTP: () => !needsMfa && allowed.includes('SMS_OTP') && !!user.attributes.phone_number,
    WEB_AUTHN: async () =>
      allowed.includes('WEB_AUTHN') &&
      (!needsMfa || passkeyIsMultiFactor(pool.config)) &&
      (await countCredentials(db, pool.id, user.sub)) > 0,
  };
  const available: FirstChallenge[] = [];
  for (const name of FIRST_CHALLENGES) if (await has[name]()) available.push(name);
  return available;
}

/**
 * GetUserAuthFactors' ConfiguredUserAuthFactors: what the user has set up, as first factor or
 * MFA (the model: PASSWORD only first, SOFTWARE_TOKEN only MFA, the others either).
 */
export async function configuredFactors(db: Db, pool: Pool, user: User): Promise<AuthFactorType[]> {
  const allowed = allowedFirstFactors(pool.config);
  const mfa = enabledFactors(user);
  const factors: AuthFactorType[] = [];
  if (user.passwordHash) factors.push('PASSWORD');
  if ((allowed.includes('EMAIL_OTP') && user.attributes.email) || mfa.includes('EMAIL_OTP')) factors.push('EMAIL_OTP');
  if ((allowed.includes('SMS_OTP') && user.attributes.phone_number) || mfa.includes('SMS_MFA')) factors.push('SMS_OTP');
  if (allowed.includes('WEB_AUTHN') && (await countCredentials(db, pool.id, user.sub)) > 0) factors.push('WEB_AUTHN');
  if (mfa.includes('SOFTWARE_TOKEN_MFA')) factors.push('SOFTWARE_TOKEN');
  return factors;
}

/** What Get/AdminGetUserAuthFactors answer for a user: the MFA settings and the factors configured. */
export async function userAuthFactors(db: Db, pool: Pool, user: User): Promise<GetUserAuthFactorsResponse> {
  const { PreferredMfaSetting, UserMFASettingList } = mfaFields(user);
  return {
    Username: user.username,
    ...(PreferredMfaSetting ? { PreferredMfaSetting } : {}),
    ...(UserMFASettingList ? { UserMFASettingList } : {}),
    ConfiguredUserAuthFactors: await configuredFactors(db, pool, user),
  };
}

export const asChallenges = (names: FirstChallenge[]): ChallengeNameType[] => [...names];
