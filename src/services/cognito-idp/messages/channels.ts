// Which channel and address a message goes to, and how Cognito shows that address back.
import type { CodeDeliveryDetailsType } from '@aws-sdk/client-cognito-identity-provider';
import type { Pool } from '../pools/store.js';
import type { User } from '../users/store.js';

export type Channel =
  | { medium: 'EMAIL'; attribute: 'email'; address: string }
  | { medium: 'SMS'; attribute: 'phone_number'; address: string };

export const emailChannel = (address: string): Channel => ({ medium: 'EMAIL', attribute: 'email', address });
export const smsChannel = (address: string): Channel => ({ medium: 'SMS', attribute: 'phone_number', address });

/** t***@e*** : first character of the local part and of the domain (the newer, TLD-less form). */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  return `${address.charAt(0)}***@${address.charAt(at + 1)}***`;
}

/** +*******0008 : every digit but the last four hidden. */
export function maskPhone(number: string): string {
  const digits = number.replace(/^\+/, '');
  return `+${'*'.repeat(Math.max(0, digits.length - 4))}${digits.slice(-4)}`;
}

export function deliveryDetails(channel: Channel): CodeDeliveryDetailsType {
  return {
    Destination: channel.medium === 'EMAIL' ? maskEmail(channel.address) : maskPhone(channel.address),
    DeliveryMedium: channel.medium,
    AttributeName: channel.attribute,
  };
}

/**
 * Where a sign-up code goes: the auto-verified attributes the user has. With both email and phone
 * auto-verified and present, Cognito verifies only the phone at sign-up (developer guide,
 * "Signing up and confirming user accounts").
 */
export function signUpChannel(pool: Pool, user: User): Channel | undefined {
  const auto = pool.config.AutoVerifiedAttributes ?? [];
  if (auto.includes('phone_number') && user.attributes.phone_number) return smsChannel(user.attributes.phone_number);
  if (auto.includes('email') && user.attributes.email) return emailChannel(user.attributes.email);
  return undefined;
}
