// The messages a user pool sends: which channel and address, which text (the pool's template
// or Cognito's default), which sender. Written to the outbox inside the caller's transaction.
import type { CodeDeliveryDetailsType } from '@aws-sdk/client-cognito-identity-provider';
import { enqueue } from '../../messaging/outbox.js';
import type { Tx } from '../../store/store.js';
import type { Pool } from './pools/store.js';
import type { User } from './users/store.js';

/** Cognito's default sender (COGNITO_DEFAULT). */
export const COGNITO_DEFAULT_FROM = 'no-reply@verificationemail.com';

/** Cognito's default texts (recorded DescribeUserPool examples, cognito-messaging-facts §4.2). */
export const DEFAULTS = {
  verificationSubject: 'Your verification code',
  verificationMessage: 'Your verification code is {####}. ',
  smsVerificationMessage: 'Your verification code is {####}. ',
} as const;

export type Channel = { medium: 'EMAIL'; attribute: 'email'; address: string } | { medium: 'SMS'; attribute: 'phone_number'; address: string };

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
  if (auto.includes('phone_number') && user.attributes.phone_number) return { medium: 'SMS', attribute: 'phone_number', address: user.attributes.phone_number };
  if (auto.includes('email') && user.attributes.email) return { medium: 'EMAIL', attribute: 'email', address: user.attributes.email };
  return undefined;
}

function emailSender(pool: Pool): string {
  const c = pool.config.EmailConfiguration;
  if (c?.From) return c.From;
  if (c?.SourceArn) return c.SourceArn.slice(c.SourceArn.indexOf(':identity/') + ':identity/'.length);
  return COGNITO_DEFAULT_FROM;
}

const fill = (template: string, code: string, username: string) => template.replaceAll('{####}', code).replaceAll('{username}', username);

/** Queues the verification message (sign-up, resend) for a code, on the channel chosen. */
export async function queueVerification(trx: Tx, pool: Pool, user: User, channel: Channel, code: string, activity: string, now: number): Promise<void> {
  const t = pool.config.VerificationMessageTemplate ?? {};
  const base = { account: pool.account, region: pool.region, poolId: pool.id, userSub: user.sub, activity, destination: channel.address };
  if (channel.medium === 'EMAIL') {
    const body = fill(t.EmailMessage ?? DEFAULTS.verificationMessage, code, user.username);
    await enqueue(trx, {
      ...base, channel: 'email', sender: emailSender(pool), replyTo: pool.config.EmailConfiguration?.ReplyToEmailAddress ?? null,
      subject: t.EmailSubject ?? DEFAULTS.verificationSubject, bodyText: body, bodyHtml: body,
    }, now);
  } else {
    await enqueue(trx, { ...base, channel: 'sms', sender: null, subject: null, bodyText: fill(t.SmsMessage ?? DEFAULTS.smsVerificationMessage, code, user.username) }, now);
  }
}
