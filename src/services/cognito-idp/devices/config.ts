// A pool's device tracking (its DeviceConfiguration), the keys it hands out and the refusals of
// the device operations.
import { createHmac, randomUUID } from 'node:crypto';
import { InvalidParameterException, ResourceNotFoundException } from '../../../generated/cognito-idp/errors.js';
import type { Pool } from '../pools/store.js';

/**
 * "When you provide a value for any property of DeviceConfiguration, you activate the device
 * remembering for the user pool" (API reference, DeviceConfigurationType): both false still tracks.
 */
export function tracksDevices(pool: Pool): boolean {
  const c = pool.config.DeviceConfiguration;
  return c?.ChallengeRequiredOnNewDevice !== undefined || c?.DeviceOnlyRememberedOnUserPrompt !== undefined;
}

/** A remembered device stands in for MFA (ChallengeRequiredOnNewDevice: the console's "bypass MFA for trusted devices"). */
export const rememberedSkipsMfa = (pool: Pool) =>
  pool.config.DeviceConfiguration?.ChallengeRequiredOnNewDevice === true;

/** ConfirmDevice leaves the device not remembered until the user says so (UpdateDeviceStatus). */
export const rememberedOnPrompt = (pool: Pool) =>
  pool.config.DeviceConfiguration?.DeviceOnlyRememberedOnUserPrompt === true;

/** A new device key: `<region>_<uuid>` ("The device key is in the format Region_UUID", developer guide). */
export const newDeviceKey = (poolId: string) => `${poolId.slice(0, poolId.indexOf('_'))}_${randomUUID()}`;

/**
 * The user's device group key: the "pool name" of device SRP (the client hashes it into the
 * verifier and the signature). Not a secret; one per user, derived, so nothing is stored for a
 * device key handed out and never confirmed. Nine characters, as AWS's example shows one.
 */
export const deviceGroupKey = (serverKey: Buffer, poolId: string, sub: string) =>
  createHmac('sha256', serverKey).update(`device group\0${poolId}\0${sub}`).digest('base64url').slice(0, 9);

/**
 * Recorded: ResourceNotFoundException "Device does not exist." (aws/aws-sdk-net-extensions-cognito#10,
 * aws-amplify/amplify-android#2605); clients retry the sign-in without their device key on it
 * (amazon-cognito-identity-js looks for "device" in the message).
 */
export const deviceNotFound = () => new ResourceNotFoundException('Device does not exist.');

/** Recorded from ConfirmDevice (boto/boto3#4059, aws/aws-aspnet-cognito-identity-provider#206). */
export const invalidDeviceKey = () => new InvalidParameterException('Invalid device key given.');
