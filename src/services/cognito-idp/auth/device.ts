// Device tracking in a sign-in (developer guide, "Working with user devices in your user pool").
// On a pool that tracks devices, a sign-in names its device with DEVICE_KEY (in InitiateAuth's
// AuthParameters or the PASSWORD_VERIFIER answer); one that names none ends with a new device key
// (NewDeviceMetadata). A named device must be one of the user's ("Device does not exist."
// otherwise). A remembered device proves itself with device SRP (DEVICE_SRP_AUTH, then
// DEVICE_PASSWORD_VERIFIER: ./device-srp.ts) at the end of the sign-in; where the pool lets a
// remembered device stand in for MFA (ChallengeRequiredOnNewDevice), it does so instead of the MFA
// challenge. A tracked device that is not remembered "is treated as if it was never used during
// the user authentication flow" (Amplify's device terminology): no device SRP, MFA as for any
// sign-in, and its tokens are bound to it.
import type { Deps } from '../../context.js';
import type { Client, Pool } from '../pools/store.js';
import type { User } from '../users/store.js';
import { rememberedSkipsMfa, tracksDevices } from '../devices/config.js';
import { requireDevice, type DeviceRow } from '../devices/store.js';
import { challenge, signedIn, type AuthStep } from './step.js';
import type { TokenSource } from '../triggers/pre-token-generation.js';

/** The session data that carries a sign-in's device key from one challenge to the next. */
export const deviceData = (key: string | undefined): Record<string, unknown> | undefined =>
  key === undefined ? undefined : { device: key };

/** The device key a session carries. */
export const sessionDevice = (data: Record<string, unknown> | undefined): string | undefined =>
  typeof data?.device === 'string' ? data.device : undefined;

/** The user's device a sign-in names, on a pool that tracks devices (elsewhere DEVICE_KEY is ignored). */
export async function namedDevice(
  deps: Deps,
  pool: Pool,
  user: User,
  key: string | undefined,
): Promise<DeviceRow | undefined> {
  if (key === undefined || !tracksDevices(pool)) return undefined;
  return requireDevice(deps.store.db, pool.id, user.sub, key);
}

/** Whether the device answers in place of MFA. */
export const skipsMfa = (pool: Pool, device: DeviceRow): boolean =>
  device.status === 'remembered' && rememberedSkipsMfa(pool);

/** DEVICE_SRP_AUTH: the remembered device is asked to prove itself. */
export const deviceChallenge = (deps: Deps, pool: Pool, client: Client, user: User, device: DeviceRow): AuthStep =>
  challenge(deps, pool, client, user, 'DEVICE_SRP_AUTH', { USERNAME: user.username }, deviceData(device.device_key));

/** The last step of a proven sign-in (password, and MFA where due): device SRP, or the tokens. */
export async function finishSignIn(
  deps: Deps,
  pool: Pool,
  client: Client,
  user: User,
  key: string | undefined,
  source?: TokenSource,
): Promise<AuthStep> {
  if (!tracksDevices(pool)) return signedIn(deps, pool, client, user, undefined, source);
  if (key === undefined) return signedIn(deps, pool, client, user, 'new', source);
  const device = await requireDevice(deps.store.db, pool.id, user.sub, key);
  if (device.status === 'remembered') return deviceChallenge(deps, pool, client, user, device);
  return signedIn(deps, pool, client, user, { key }, source);
}
