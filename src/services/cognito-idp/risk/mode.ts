// Threat protection's switch and its feature plan. A pool's UserPoolAddOns.AdvancedSecurityMode
// (OFF, AUDIT, ENFORCED) decides whether Cognito records auth events (AUDIT and ENFORCED) and acts
// on them (ENFORCED); "To activate this setting, your user pool must be on the Plus tier"
// (API reference, UserPoolAddOnsType). AWS's text for the refusal is not on record: it ends in
// "Threat Protection" (a user's notes of the refusal on an Essentials pool, found by code search),
// the rest is cognate's words.
import {
  FeatureUnavailableInTierException,
  UserPoolAddOnNotEnabledException,
} from '../../../generated/cognito-idp/errors.js';
import type { PoolConfig } from '../pools/config.js';
import type { Pool } from '../pools/store.js';

export type SecurityMode = 'OFF' | 'AUDIT' | 'ENFORCED';

export const securityMode = (pool: Pick<Pool, 'config'>): SecurityMode =>
  (pool.config.UserPoolAddOns?.AdvancedSecurityMode as SecurityMode | undefined) ?? 'OFF';

/** Whether the pool records auth events: threat protection in audit-only or full-function mode. */
export const recordsEvents = (pool: Pick<Pool, 'config'>): boolean => securityMode(pool) !== 'OFF';

/** CreateUserPool, UpdateUserPool: threat protection is a feature of the Plus plan. */
export function checkThreatProtectionTier(config: PoolConfig): void {
  const on = (config.UserPoolAddOns?.AdvancedSecurityMode ?? 'OFF') !== 'OFF';
  if (on && config.UserPoolTier !== 'PLUS') {
    throw new FeatureUnavailableInTierException(
      `The user pool's feature plan (${config.UserPoolTier}) does not include this feature: Threat Protection`,
    );
  }
}

/**
 * The operations that read what threat protection records refuse a pool without it
 * (UserPoolAddOnNotEnabledException; a peer emulator's report of real Cognito's refusal,
 * ministackorg/ministack#1538). AWS's text is not on record: cognate's words.
 */
export function requireThreatProtection(pool: Pick<Pool, 'id' | 'config'>): void {
  if (!recordsEvents(pool))
    throw new UserPoolAddOnNotEnabledException(`Threat protection is not enabled for user pool ${pool.id}.`);
}
