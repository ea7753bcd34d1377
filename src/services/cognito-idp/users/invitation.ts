// AdminCreateUser's invitation: the welcome message carrying the username and temporary password,
// on each medium the admin asks for, queued in the transaction that creates (or, for RESEND,
// re-arms) the user. Also how long a temporary password stays valid.
import type { DeliveryMediumType } from '@aws-sdk/client-cognito-identity-provider';
import { InvalidParameterException } from '../../../generated/cognito-idp/errors.js';
import type { Tx } from '../../../store/store.js';
import type { Pool } from '../pools/store.js';
import { emailChannel, smsChannel, type Channel } from '../messages/channels.js';
import { queueMessage, type QueueOptions } from '../messages/queue.js';
import { DEFAULTS, type CustomTexts } from '../messages/templates.js';
import { claimAlias } from './aliases.js';
import type { User } from './store.js';

/**
 * The channels of DesiredDeliveryMediums (both may be listed).
 *
 * Left out, the medium is SMS (API reference), and a user without a phone_number is created with
 * no invitation: Terraform's `aws_cognito_user` acceptance tests (TestAccCognitoIDPUser_basic,
 * hashicorp/terraform-provider-aws internal/service/cognitoidp/user_test.go) create a user with no
 * attributes, no DesiredDeliveryMediums and no MessageAction against AWS and expect it
 * FORCE_CHANGE_PASSWORD; boto3 scripts and test suites that create email-only users rely on it.
 *
 * Asked for, a medium needs its address (the API reference: phone_number "when ... you set SMS in
 * the DesiredDeliveryMediums parameter"). The EMAIL text is recorded
 * (docs/reference/cognito-messaging-facts.md §4.3, rahulpsd18/cognito-backup-restore#25); the SMS
 * text is not on record: cognate's, worded as the EMAIL one.
 */
export function invitationChannels(
  attributes: Record<string, string>,
  mediums: DeliveryMediumType[] | undefined,
): Channel[] {
  if (!mediums?.length) return attributes.phone_number ? [smsChannel(attributes.phone_number)] : [];
  return [...new Set(mediums)].map((medium) => {
    if (medium === 'EMAIL') {
      if (!attributes.email)
        throw new InvalidParameterException('No email provided but desired delivery medium was Email');
      return emailChannel(attributes.email);
    }
    if (!attributes.phone_number)
      throw new InvalidParameterException('No phone_number provided but desired delivery medium was SMS');
    return smsChannel(attributes.phone_number);
  });
}

/**
 * Cognito does not deliver an invitation whose template lacks the {####} password placeholder
 * (AdminCreateUser API reference); the admin fixes the template and sends it again with RESEND.
 * The pattern of InviteMessageTemplate does not require it, so such a pool can exist.
 */
function carriesPassword(pool: Pool, channel: Channel, custom?: CustomTexts): boolean {
  if (channel.medium === 'EMAIL' ? custom?.emailMessage : custom?.smsMessage) return true;
  const t = pool.config.AdminCreateUserConfig?.InviteMessageTemplate;
  const template = channel.medium === 'EMAIL' ? t?.EmailMessage : t?.SMSMessage;
  return (template ?? DEFAULTS.inviteMessage).includes('{####}');
}

/**
 * Queues the invitation on each channel inside `trx`; returns the channels actually queued (the
 * caller wakes the worker after commit when there are any). Over the default sender's daily
 * quota, queueMessage's LimitExceededException rolls the whole request back.
 */
export async function queueInvitation(
  trx: Tx,
  pool: Pool,
  user: User,
  channels: Channel[],
  temporaryPassword: string,
  now: number,
  opts: QueueOptions,
  custom?: CustomTexts,
): Promise<void> {
  for (const channel of channels) {
    if (carriesPassword(pool, channel, custom))
      await queueMessage(trx, pool, user, channel, 'invitation', { code: temporaryPassword, custom }, now, opts);
  }
}

/**
 * ForceAliasCreation: an email or phone number the admin marks verified, where the pool uses it
 * as a sign-in alias, moves to the new user when forced and is refused otherwise (API reference).
 * Unverified values claim nothing, so the flag is ignored for them.
 */
export async function claimVerifiedAliases(
  trx: Tx,
  pool: Pool,
  user: User,
  force: boolean,
  now: number,
): Promise<void> {
  const aliases = (pool.config.AliasAttributes ?? []) as string[];
  for (const attr of ['email', 'phone_number'] as const) {
    if (aliases.includes(attr) && user.attributes[`${attr}_verified`] === 'true')
      await claimAlias(trx, pool, user, attr, force, now);
  }
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Policies.PasswordPolicy.TemporaryPasswordValidityDays; 0 or absent means the default, 7. */
function temporaryPasswordValidityMs(pool: Pool): number {
  return (pool.config.Policies?.PasswordPolicy?.TemporaryPasswordValidityDays || 7) * DAY_MS;
}

/** When a temporary password set at `now` stops working (stored as the user's passwordExpiresAt). */
export function temporaryPasswordExpiresAt(pool: Pool, now: number): number {
  return now + temporaryPasswordValidityMs(pool);
}
