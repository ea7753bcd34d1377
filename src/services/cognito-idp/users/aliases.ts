// A verified email or phone number is a sign-in name when the pool uses it as an alias or as the
// username, so two users cannot both hold it verified. ForceAliasCreation moves it to the new
// holder; the previous holder keeps the value, unverified.
import { AliasExistsException } from '../../../generated/cognito-idp/errors.js';
import type { Tx } from '../../../store/store.js';
import type { Pool } from '../pools/store.js';
import { fromRow, saveUser, type User } from './store.js';

export async function claimAlias(
  trx: Tx,
  pool: Pool,
  user: User,
  attribute: string,
  force: boolean,
  now: number,
): Promise<void> {
  if (attribute !== 'email' && attribute !== 'phone_number') return;
  const signIn = [...(pool.config.AliasAttributes ?? []), ...(pool.config.UsernameAttributes ?? [])] as string[];
  const value = user.attributes[attribute];
  if (!signIn.includes(attribute) || !value) return;
  const holder = await trx
    .selectFrom('users')
    .selectAll()
    .where('pool_id', '=', pool.id)
    .where(attribute, '=', value.toLowerCase())
    .where(`${attribute}_verified`, '=', 1)
    .where('sub', '!=', user.sub)
    .executeTakeFirst();
  if (!holder) return;
  if (!force) throw new AliasExistsException(`An account with the ${attribute} already exists.`);
  const previous = fromRow(holder);
  previous.attributes[`${attribute}_verified`] = 'false';
  previous.updatedAt = now;
  await saveUser(trx, pool, previous);
}
