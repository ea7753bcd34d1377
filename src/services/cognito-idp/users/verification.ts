// Changing a user's attributes (AdminUpdateUserAttributes, AdminDeleteUserAttributes, and the
// user's own UpdateUserAttributes): what may be removed, what a new email or phone number loses
// (its verified flag and any code sent to the old address), which sign-in names it claims, and
// the verification code Cognito sends when the pool auto-verifies the attribute.
import type { SchemaAttributeType } from '@aws-sdk/client-cognito-identity-provider';
import type { CustomTexts } from '../messages/templates.js';
import { AliasExistsException, InvalidParameterException } from '../../../generated/cognito-idp/errors.js';
import type { Tx } from '../../../store/store.js';
import type { Pool } from '../pools/store.js';
import { queueMessage, type QueueOptions } from '../messages/queue.js';
import type { Channel } from '../messages/channels.js';
import { applyAttributes, unknownAttributes } from './attributes.js';
import { claimAlias } from './aliases.js';
import { CODE_LIFETIME_MS, issueCode } from './codes.js';
import { saveUser, type User } from './store.js';
import type { Deps } from '../../context.js';
import { customMessage } from '../triggers/custom-message.js';

const schemaAttribute = (pool: Pool, name: string): SchemaAttributeType | undefined =>
  (pool.config.SchemaAttributes ?? []).find((a) => a.Name === name);

/**
 * An empty value removes the attribute, so a required one refuses it. Text recorded for
 * UpdateUserAttributes (aws-sdk-ios#4251); assumed the same for the admin operations.
 */
export function checkRemovable(pool: Pool, names: string[]): void {
  for (const name of names) {
    if (schemaAttribute(pool, name)?.Required)
      throw new InvalidParameterException(`user.${name}: Required attribute cannot be deleted.`);
  }
}

/** AdminDeleteUserAttributes' names: in the schema, optional, mutable. */
export function checkDeletable(pool: Pool, names: string[]): void {
  const unknown = names.filter((name) => !schemaAttribute(pool, name));
  if (unknown.length) throw unknownAttributes(unknown, 'updating');
  checkRemovable(pool, names);
  for (const name of names) {
    if (schemaAttribute(pool, name)?.Mutable === false)
      throw new InvalidParameterException(`user.${name}: Attribute cannot be updated.\n`);
  }
}

const CONTACTS = ['email', 'phone_number'] as const;

/**
 * Where the pool signs users in with the attribute itself (UsernameAttributes), the value names
 * one user whether verified or not; claimAlias only guards verified values.
 */
async function checkUsernameAttribute(
  trx: Tx,
  pool: Pool,
  user: User,
  attribute: 'email' | 'phone_number',
): Promise<void> {
  const value = user.attributes[attribute];
  if (!value || !(pool.config.UsernameAttributes ?? []).includes(attribute)) return;
  const holder = await trx
    .selectFrom('users')
    .select('sub')
    .where('pool_id', '=', pool.id)
    .where(attribute, '=', value.toLowerCase())
    .where('sub', '!=', user.sub)
    .executeTakeFirst();
  if (holder) throw new AliasExistsException(`An account with the ${attribute} already exists.`);
}

/** Where a verification code for an attribute goes. */
export const contactChannel = (attr: 'email' | 'phone_number', address: string): Channel =>
  attr === 'email'
    ? { medium: 'EMAIL', attribute: 'email', address }
    : { medium: 'SMS', attribute: 'phone_number', address };

/**
 * Applies `changes` (an empty value removes the attribute) to the user read inside `trx` and
 * saves it. A new email or phone number the pool auto-verifies gets a code; where the pool lists
 * it in AttributesRequireVerificationBeforeUpdate, the old value stays in effect and the new one
 * waits with the code until it is verified (unless the same call marks it verified). Returns the
 * channels a code was queued on; the caller wakes the worker after commit.
 */
export async function changeAttributes(
  trx: Tx,
  key: Buffer,
  pool: Pool,
  user: User,
  changes: Record<string, string>,
  now: number,
  opts: QueueOptions,
  custom?: CustomTexts,
): Promise<Channel[]> {
  const sets = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== ''));
  const next = applyAttributes(user.attributes, sets);
  for (const [name, value] of Object.entries(changes)) {
    if (value !== '') continue;
    delete next[name];
    // A flag about a value that is gone means nothing; Cognito drops it with the value.
    if ((CONTACTS as readonly string[]).includes(name)) delete next[`${name}_verified`];
  }
  const previous = user.attributes;
  user.attributes = next;
  user.updatedAt = now;
  const auto = pool.config.AutoVerifiedAttributes ?? [];
  const hold = pool.config.UserAttributeUpdateSettings?.AttributesRequireVerificationBeforeUpdate ?? [];
  const channels: Channel[] = [];
  for (const attr of CONTACTS) {
    const changed = attr in changes && changes[attr] !== (previous[attr] ?? '');
    if (changed && sets[attr] && hold.includes(attr) && changes[`${attr}_verified`] !== 'true' && previous[attr]) {
      // The old value stays in effect, verified or not, until the code proves the new one.
      next[attr] = previous[attr];
      if (`${attr}_verified` in previous) next[`${attr}_verified`] = previous[`${attr}_verified`];
      else delete next[`${attr}_verified`];
      const channel = contactChannel(attr, sets[attr]);
      const code = await issueCode(trx, key, pool.id, user.sub, `verify:${attr}`, CODE_LIFETIME_MS.verify, now, {
        pendingValue: sets[attr],
      });
      await queueMessage(trx, pool, user, channel, 'verify_attribute', { code, custom }, now, opts);
      channels.push(channel);
      continue;
    }
    const value = next[attr];
    if (changed) {
      // A code sent to the old address must not verify (or confirm) the new one.
      await trx
        .deleteFrom('user_codes')
        .where('pool_id', '=', pool.id)
        .where('sub', '=', user.sub)
        .where('purpose', 'in', [`verify:${attr}`, `signup:${attr}`])
        .execute();
      await checkUsernameAttribute(trx, pool, user, attr);
    }
    if (!value) continue;
    if (next[`${attr}_verified`] === 'true') {
      if (changed || `${attr}_verified` in changes) await claimAlias(trx, pool, user, attr, false, now);
    } else if (changed && auto.includes(attr)) {
      const channel = contactChannel(attr, value);
      const code = await issueCode(trx, key, pool.id, user.sub, `verify:${attr}`, CODE_LIFETIME_MS.verify, now);
      await queueMessage(trx, pool, user, channel, 'verify_attribute', { code, custom }, now, opts);
      channels.push(channel);
    }
  }
  await saveUser(trx, pool, user);
  return channels;
}

/**
 * CustomMessage_UpdateUserAttribute for a change of email or phone number, asked before the
 * transaction (a call leaves the process), with the attributes as they will be.
 */
export async function updateAttributeTexts(
  deps: Deps,
  pool: Pool,
  user: User,
  changes: Record<string, string>,
  clientMetadata?: Record<string, string>,
): Promise<CustomTexts | undefined> {
  if (!pool.config.LambdaConfig?.CustomMessage) return undefined;
  if (!CONTACTS.some((a) => changes[a] && changes[a] !== user.attributes[a])) return undefined;
  return customMessage(
    deps,
    pool,
    'CustomMessage_UpdateUserAttribute',
    {
      username: user.username,
      attributes: { ...user.attributes, ...changes },
    },
    clientMetadata ? { clientMetadata } : {},
  );
}
