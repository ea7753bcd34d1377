import type { ConfirmDeviceRequest, ConfirmDeviceResponse } from '@aws-sdk/client-cognito-identity-provider';
import type { Operation } from '../../context.js';
import { tokenOwner } from '../devices/access.js';
import { invalidDeviceKey, rememberedOnPrompt, tracksDevices } from '../devices/config.js';
import { insertDevice } from '../devices/store.js';

/** A base64 value of DeviceSecretVerifierConfig as the hex the SRP code reads, or null for none. */
function hex(value: string | undefined): string | null {
  const h = value === undefined ? '' : Buffer.from(value, 'base64').toString('hex');
  return h === '' ? null : h;
}

/**
 * Registers the device a sign-in was given (NewDeviceMetadata): only that key, named by the access
 * token of that sign-in, is accepted. With DeviceOnlyRememberedOnUserPrompt the device stays not
 * remembered and UserConfirmationNecessary asks the app to prompt its user (then
 * UpdateDeviceStatus); otherwise it is remembered at once (API reference, ConfirmDeviceResponse).
 * The verifier is kept as the client made it: it stands for a 40-byte random device password, so it
 * reveals nothing guessable.
 */
const ConfirmDevice: Operation<ConfirmDeviceRequest, ConfirmDeviceResponse> = async (deps, ctx, input) => {
  const owner = await tokenOwner(deps, input.AccessToken);
  if (!tracksDevices(owner.pool) || owner.claims.device_key !== input.DeviceKey) throw invalidDeviceKey();
  const onPrompt = rememberedOnPrompt(owner.pool);
  const now = deps.now();
  await insertDevice(deps.store.db, {
    pool_id: owner.pool.id,
    device_key: input.DeviceKey,
    sub: owner.sub,
    name: input.DeviceName ?? null,
    salt: hex(input.DeviceSecretVerifierConfig?.Salt),
    verifier: hex(input.DeviceSecretVerifierConfig?.PasswordVerifier),
    status: onPrompt ? 'not_remembered' : 'remembered',
    last_ip: ctx.sourceIp ?? null,
    created_at: now,
    modified_at: now,
    authenticated_at: now,
  });
  return { UserConfirmationNecessary: onPrompt };
};
export default ConfirmDevice;
