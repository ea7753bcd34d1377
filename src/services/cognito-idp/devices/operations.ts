// What the device operations and their administrator twins do once they know whose devices they touch.
import type { DeviceType } from '@aws-sdk/client-cognito-identity-provider';
import type { RequestContext } from '../../../kernel/operation.js';
import type { Deps } from '../../context.js';
import { pagePosition } from '../caller.js';
import { deviceNotFound } from './config.js';
import {
  deviceType,
  devicesScope,
  forgetDevice,
  listDevices,
  requireDevice,
  setStatus,
  type RememberedStatus,
} from './store.js';
import type { DeviceOwner } from './access.js';

export async function getDevice(deps: Deps, owner: DeviceOwner, key: string): Promise<{ Device: DeviceType }> {
  const row = await requireDevice(deps.store.db, owner.pool.id, owner.sub, key);
  return { Device: deviceType(row, owner.pool, owner.username) };
}

/** The default and the most a page holds: the model's QueryLimitType allows 0 to 60; 0 reads as "not given". */
const MAX_PAGE = 60;

export async function listOwnerDevices(
  deps: Deps,
  ctx: RequestContext,
  owner: DeviceOwner,
  limit: number | undefined,
  token: string | undefined,
): Promise<{ Devices: DeviceType[]; PaginationToken?: string }> {
  const after = pagePosition(token, devicesScope(owner.pool.id, owner.sub), 1, ctx.requestId)?.[0];
  const page = await listDevices(deps.store.db, owner.pool.id, owner.sub, after, limit || MAX_PAGE);
  return {
    Devices: page.rows.map((r) => deviceType(r, owner.pool, owner.username)),
    ...(page.next ? { PaginationToken: page.next } : {}),
  };
}

export async function updateStatus(
  deps: Deps,
  owner: DeviceOwner,
  key: string,
  status: RememberedStatus | undefined,
): Promise<void> {
  if (!(await setStatus(deps.store.db, owner.pool.id, owner.sub, key, status, deps.now()))) throw deviceNotFound();
}

/** The device is forgotten: its key no longer signs in, and the refresh tokens bound to it no longer refresh. */
export async function forget(deps: Deps, owner: DeviceOwner, key: string): Promise<void> {
  if (!(await forgetDevice(deps.store.db, owner.pool.id, owner.sub, key))) throw deviceNotFound();
}
