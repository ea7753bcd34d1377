// The devices users confirmed: one row per device key, filed under its pool and user. Every query
// names the pool and the user, so a key of another user (or pool) is a device that does not exist.
import type { DeviceType } from '@aws-sdk/client-cognito-identity-provider';
import type { Db, Tx } from '../../../store/store.js';
import type { DeviceRow } from '../../../store/tables/cognito-idp-devices.js';
import { normalizeDbError, UniqueViolation } from '../../../store/errors.js';
import { DeviceKeyExistsException } from '../../../generated/cognito-idp/errors.js';
import { pageToken } from '../caller.js';
import type { Pool } from '../pools/store.js';
import { deviceNotFound } from './config.js';

export type { DeviceRow };
export type RememberedStatus = 'remembered' | 'not_remembered';

export async function findDevice(
  db: Db | Tx,
  poolId: string,
  sub: string,
  key: string,
): Promise<DeviceRow | undefined> {
  return db
    .selectFrom('devices')
    .selectAll()
    .where('pool_id', '=', poolId)
    .where('device_key', '=', key)
    .where('sub', '=', sub)
    .executeTakeFirst();
}

export async function requireDevice(db: Db | Tx, poolId: string, sub: string, key: string): Promise<DeviceRow> {
  const row = await findDevice(db, poolId, sub, key);
  if (!row) throw deviceNotFound();
  return row;
}

/** ConfirmDevice: the key is registered once (the primary key decides between racing confirmations). */
export async function insertDevice(db: Db, row: DeviceRow): Promise<void> {
  try {
    await db.insertInto('devices').values(row).execute();
  } catch (e) {
    // The exception is AWS's (the model's ConfirmDevice errors); its text is not on record: cognate's words.
    if (normalizeDbError(e) instanceof UniqueViolation)
      throw new DeviceKeyExistsException('Device key already exists.');
    throw e;
  }
}

/** Sets the remembered status (or only the modification date, given none); false if there is no such device. */
export async function setStatus(
  db: Db,
  poolId: string,
  sub: string,
  key: string,
  status: RememberedStatus | undefined,
  now: number,
): Promise<boolean> {
  const r = await db
    .updateTable('devices')
    .set({ ...(status ? { status } : {}), modified_at: now })
    .where('pool_id', '=', poolId)
    .where('device_key', '=', key)
    .where('sub', '=', sub)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** ForgetDevice: false if there was no such device. */
export async function forgetDevice(db: Db, poolId: string, sub: string, key: string): Promise<boolean> {
  const r = await db
    .deleteFrom('devices')
    .where('pool_id', '=', poolId)
    .where('device_key', '=', key)
    .where('sub', '=', sub)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** A device authentication succeeded (DEVICE_PASSWORD_VERIFIER). */
export async function markAuthenticated(
  db: Db,
  poolId: string,
  key: string,
  ip: string | undefined,
  now: number,
): Promise<void> {
  await db
    .updateTable('devices')
    .set({ authenticated_at: now, ...(ip ? { last_ip: ip } : {}) })
    .where('pool_id', '=', poolId)
    .where('device_key', '=', key)
    .execute();
}

export const devicesScope = (poolId: string, sub: string) => `devices ${poolId} ${sub}`;

/** A user's devices in key order, `limit` at a time. */
export async function listDevices(
  db: Db,
  poolId: string,
  sub: string,
  after: string | undefined,
  limit: number,
): Promise<{ rows: DeviceRow[]; next?: string }> {
  let q = db.selectFrom('devices').selectAll().where('pool_id', '=', poolId).where('sub', '=', sub);
  if (after !== undefined) q = q.where('device_key', '>', after);
  const rows = await q
    .orderBy('device_key')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  return {
    rows: page,
    ...(rows.length > limit ? { next: pageToken(devicesScope(poolId, sub), [page[page.length - 1].device_key]) } : {}),
  };
}

/**
 * A device as GetDevice and ListDevices show it: the attributes of the AWS CLI's examples
 * (awscli/examples/cognito-idp/list-devices.rst): device_status, device_name, dev:device_arn,
 * dev:device_owner (`<username>.<pool id>`), last_ip_used, dev:device_remembered_status.
 */
export function deviceType(
  row: DeviceRow,
  pool: Pick<Pool, 'id' | 'account' | 'region'>,
  username: string,
): DeviceType {
  const owner = `${username}.${pool.id}`;
  const attributes: [string, string | null][] = [
    ['device_status', 'valid'],
    ['device_name', row.name],
    ['dev:device_arn', `arn:aws:cognito-idp:${pool.region}:${pool.account}:owner/${owner}/device/${row.device_key}`],
    ['dev:device_owner', owner],
    ['last_ip_used', row.last_ip],
    ['dev:device_remembered_status', row.status],
  ];
  return {
    DeviceKey: row.device_key,
    DeviceAttributes: attributes.filter(([, v]) => v !== null).map(([Name, Value]) => ({ Name, Value: Value! })),
    DeviceCreateDate: new Date(Number(row.created_at)),
    DeviceLastModifiedDate: new Date(Number(row.modified_at)),
    DeviceLastAuthenticatedDate: new Date(Number(row.authenticated_at)),
  };
}
