// App clients' SupportedIdentityProviders against the pool's IdPs: COGNITO (the pool's own users)
// or the name of one of its IdPs.
import { InvalidParameterException } from '../../../generated/cognito-idp/errors.js';
import type { Db, Tx } from '../../../store/store.js';
import { existingProviders } from './store.js';

/** Recorded: "The provider Salesforce does not exist for User Pool …." (lgallard/terraform-aws-cognito-user-pool#71). */
export async function checkSupportedProviders(db: Db | Tx, poolId: string, names: string[] | undefined): Promise<void> {
  const named = (names ?? []).filter((n) => n !== 'COGNITO');
  const found = await existingProviders(db, poolId, named);
  const unknown = named.find((n) => !found.has(n));
  if (unknown !== undefined)
    throw new InvalidParameterException(`The provider ${unknown} does not exist for User Pool ${poolId}.`);
}

/** Takes a deleted IdP's name out of the pool's clients. */
export async function forgetProvider(trx: Tx, poolId: string, name: string, now: number): Promise<void> {
  const clients = await trx
    .selectFrom('user_pool_clients')
    .select(['client_id', 'config'])
    .where('pool_id', '=', poolId)
    .execute();
  for (const c of clients) {
    const config = JSON.parse(c.config) as { SupportedIdentityProviders?: string[] };
    if (!config.SupportedIdentityProviders?.includes(name)) continue;
    config.SupportedIdentityProviders = config.SupportedIdentityProviders.filter((n) => n !== name);
    await trx
      .updateTable('user_pool_clients')
      .set((eb) => ({ config: JSON.stringify(config), updated_at: now, version: eb('version', '+', 1) }))
      .where('client_id', '=', c.client_id)
      .execute();
  }
}
