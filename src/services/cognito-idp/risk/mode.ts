// Threat protection's switch. A pool's UserPoolAddOns.AdvancedSecurityMode (OFF, AUDIT, ENFORCED)
// decides whether Cognito records auth events (AUDIT and ENFORCED) and acts on them (ENFORCED).
// That the mode needs the Plus plan is checked with the other features of a plan (pools/tier.ts).
import { UserPoolAddOnNotEnabledException } from '../../../generated/cognito-idp/errors.js';
import type { Pool } from '../pools/store.js';

export type SecurityMode = 'OFF' | 'AUDIT' | 'ENFORCED';

export const securityMode = (pool: Pick<Pool, 'config'>): SecurityMode =>
  (pool.config.UserPoolAddOns?.AdvancedSecurityMode as SecurityMode | undefined) ?? 'OFF';

/** Whether the pool records auth events: threat protection in audit-only or full-function mode. */
export const recordsEvents = (pool: Pick<Pool, 'config'>): boolean => securityMode(pool) !== 'OFF';

/**
 * The operations that read what threat protection records refuse a pool without it
 * (UserPoolAddOnNotEnabledException; a peer emulator's report of real Cognito's refusal,
 * ministackorg/ministack#1538). AWS's text is not on record: cognate's words.
 */
export function requireThreatProtection(pool: Pick<Pool, 'id' | 'config'>): void {
  if (!recordsEvents(pool))
    throw new UserPoolAddOnNotEnabledException(`Threat protection is not enabled for user pool ${pool.id}.`);
}
