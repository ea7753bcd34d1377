// Deleting a user: everything keyed by them goes too, so a later user can never inherit a code,
// a group or a sign-in.
import type { Tx } from '../../../store/store.js';

export async function deleteUserData(trx: Tx, poolId: string, sub: string): Promise<void> {
  await trx.deleteFrom('user_codes').where('pool_id', '=', poolId).where('sub', '=', sub).execute();
  await trx.deleteFrom('group_members').where('pool_id', '=', poolId).where('sub', '=', sub).execute();
  await trx.deleteFrom('refresh_tokens').where('pool_id', '=', poolId).where('sub', '=', sub).execute();
  await trx.deleteFrom('users').where('pool_id', '=', poolId).where('sub', '=', sub).execute();
}
