// Deleting a user: everything keyed by them goes too, so a later user can never inherit a code,
// a group, a sign-in, a device or a count of attempts.
import type { Tx } from '../../../store/store.js';
import { userSubject } from './limits.js';

export async function deleteUserData(trx: Tx, poolId: string, sub: string): Promise<void> {
  await trx.deleteFrom('user_codes').where('pool_id', '=', poolId).where('sub', '=', sub).execute();
  await trx.deleteFrom('group_members').where('pool_id', '=', poolId).where('sub', '=', sub).execute();
  await trx.deleteFrom('refresh_tokens').where('pool_id', '=', poolId).where('sub', '=', sub).execute();
  await trx
    .deleteFrom('attempt_counters')
    .where('pool_id', '=', poolId)
    .where('subject', '=', userSubject(sub))
    .execute();
  await trx.deleteFrom('devices').where('pool_id', '=', poolId).where('sub', '=', sub).execute();
  await trx.deleteFrom('webauthn_credentials').where('pool_id', '=', poolId).where('sub', '=', sub).execute();
  await trx.deleteFrom('webauthn_registrations').where('pool_id', '=', poolId).where('sub', '=', sub).execute();
  await trx.deleteFrom('auth_events').where('pool_id', '=', poolId).where('sub', '=', sub).execute();
  await trx.deleteFrom('users').where('pool_id', '=', poolId).where('sub', '=', sub).execute();
}
