// Whose devices an operation reads or changes: the access token's user (GetDevice, ...), or a
// user an administrator names (AdminGetDevice, ...).
import type { RequestContext } from '../../../kernel/operation.js';
import type { Deps } from '../../context.js';
import { callerOf } from '../caller.js';
import { getPool, type Pool } from '../pools/store.js';
import { requireUser } from '../users/store.js';
import { authenticate, type Authenticated } from '../tokens/verify.js';

export interface DeviceOwner {
  pool: Pool;
  sub: string;
  username: string;
}

/**
 * The access token's user. GetDevice and ForgetDevice leave AccessToken optional in the model; AWS's
 * answer without one is not on record: a token that is not valid's ("Invalid Access Token").
 */
export async function tokenOwner(deps: Deps, token: string | undefined): Promise<DeviceOwner & Authenticated> {
  const auth = await authenticate(deps, token ?? '');
  return { ...auth, sub: auth.user.sub, username: auth.user.username };
}

/** The user an administrator names in a pool of the caller's (UserNotFoundException "User does not exist." otherwise). */
export async function adminOwner(
  deps: Deps,
  ctx: RequestContext,
  poolId: string,
  username: string,
): Promise<DeviceOwner> {
  const pool = await getPool(deps.store.db, callerOf(ctx), poolId);
  const user = await requireUser(deps.store.db, pool, username);
  return { pool, sub: user.sub, username: user.username };
}
