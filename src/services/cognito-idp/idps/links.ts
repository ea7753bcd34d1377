// External identities linked to a pool's users (AdminLinkProviderForUser, AdminDisableProviderForUser).
// A link is a row of provider_links (one external identity, one user: the primary key) and an
// entry of the user's `identities` attribute, which AdminGetUser, ListUsers and the ID token show
// as AWS shows it: a JSON array of {userId, providerName, providerType, issuer, primary,
// dateCreated} (API reference, AdminGetUser's example response).
import { InvalidParameterException, LimitExceededException } from '../../../generated/cognito-idp/errors.js';
import type { Tx } from '../../../store/store.js';
import { UniqueViolation, normalizeDbError } from '../../../store/errors.js';
import type { Pool } from '../pools/store.js';
import { findUserBySub, saveUser, type User } from '../users/store.js';

/** "The maximum number of federated identities linked to a user is five." (API reference, AdminLinkProviderForUser) */
export const MAX_LINKS = 5;

export interface Link {
  provider: string;
  attributeName: string;
  attributeValue: string;
}

/** The user's `identities` attribute made again from their links, saved with the user. */
export async function saveIdentities(trx: Tx, pool: Pool, user: User): Promise<void> {
  const rows = await trx
    .selectFrom('provider_links as l')
    .leftJoin('identity_providers as p', (j) =>
      j.onRef('p.pool_id', '=', 'l.pool_id').onRef('p.name', '=', 'l.provider_name'),
    )
    .select(['l.provider_name', 'l.attribute_value', 'l.created_at', 'p.type'])
    .where('l.pool_id', '=', pool.id)
    .where('l.user_sub', '=', user.sub)
    .orderBy('l.created_at')
    .orderBy('l.provider_name')
    .execute();
  const { identities: _old, ...attributes } = user.attributes;
  const identities = rows.map((r) => ({
    userId: r.attribute_value,
    providerName: r.provider_name,
    providerType: r.type,
    issuer: null,
    primary: false,
    dateCreated: Number(r.created_at),
  }));
  await saveUser(trx, pool, {
    ...user,
    attributes: identities.length ? { ...attributes, identities: JSON.stringify(identities) } : attributes,
  });
}

export async function link(trx: Tx, pool: Pool, user: User, l: Link, now: number): Promise<void> {
  try {
    await trx
      .insertInto('provider_links')
      .values({
        pool_id: pool.id,
        provider_name: l.provider,
        attribute_name: l.attributeName,
        attribute_value: l.attributeValue,
        user_sub: user.sub,
        created_at: now,
      })
      .execute();
  } catch (e) {
    // AWS's text for an identity already linked is not on record: cognate's words.
    if (normalizeDbError(e) instanceof UniqueViolation)
      throw new InvalidParameterException('SourceUser is already linked to a user of the user pool.');
    throw e;
  }
  const count = await trx
    .selectFrom('provider_links')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('pool_id', '=', pool.id)
    .where('user_sub', '=', user.sub)
    .executeTakeFirstOrThrow();
  // Not on record: cognate's words.
  if (Number(count.n) > MAX_LINKS)
    throw new LimitExceededException(`A user can have at most ${MAX_LINKS} linked identities.`);
  await saveIdentities(trx, pool, user);
}

/** Removes the link of one external identity; the user it was linked to, if any, is returned. */
export async function unlink(trx: Tx, pool: Pool, l: Link): Promise<string | undefined> {
  const row = await trx
    .deleteFrom('provider_links')
    .where('pool_id', '=', pool.id)
    .where('provider_name', '=', l.provider)
    .where('attribute_name', '=', l.attributeName)
    .where('attribute_value', '=', l.attributeValue)
    .returning('user_sub')
    .executeTakeFirst();
  return row?.user_sub;
}

/** Removes every link through an IdP (it is being deleted); the users they were linked to. */
export async function unlinkProvider(trx: Tx, pool: Pool, provider: string): Promise<string[]> {
  const rows = await trx
    .deleteFrom('provider_links')
    .where('pool_id', '=', pool.id)
    .where('provider_name', '=', provider)
    .returning('user_sub')
    .execute();
  return [...new Set(rows.map((r) => r.user_sub))];
}

/** Makes the `identities` attribute of these users again (their links changed). */
export async function refreshIdentities(trx: Tx, pool: Pool, subs: string[]): Promise<void> {
  for (const sub of subs) {
    const user = await findUserBySub(trx, pool.id, sub);
    if (user) await saveIdentities(trx, pool, user);
  }
}
