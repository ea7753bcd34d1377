// An app client's look and terms go with it: its UI customization, its managed login branding
// style and its terms documents are deleted with the client (a new client with the same name is a
// new client, and starts from the pool's defaults).
import type { Db } from '../../../store/store.js';

export async function forgetClientLook(db: Db, poolId: string, clientId: string): Promise<void> {
  for (const table of ['ui_customizations', 'managed_login_brandings', 'terms'] as const) {
    await db.deleteFrom(table).where('pool_id', '=', poolId).where('client_id', '=', clientId).execute();
  }
}
