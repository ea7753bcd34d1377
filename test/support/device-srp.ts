// The client side of device tracking through the AWS SDK, computed with amazon-cognito-identity-js's
// own AuthenticationHelper (the SRP every Cognito client library shares): confirming a new device
// with a verifier of a random device password, and answering DEVICE_SRP_AUTH then
// DEVICE_PASSWORD_VERIFIER as CognitoUser.getDeviceResponse does.
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import {
  ConfirmDeviceCommand,
  RespondToAuthChallengeCommand,
  type AuthenticationResultType,
  type CognitoIdentityProviderClient,
  type RespondToAuthChallengeCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';

// The library's helpers ship without types: loaded as the CommonJS they are.
const require = createRequire(import.meta.url);
const { AuthenticationHelper, DateHelper } = require('amazon-cognito-identity-js') as {
  AuthenticationHelper: new (group: string) => Helper;
  DateHelper: new () => { getNowString(): string };
};
const BigInteger = (
  require('amazon-cognito-identity-js/lib/BigInteger.js') as { default: new (hex: string, radix: number) => unknown }
).default;

interface Helper {
  generateHashDevice(group: string, key: string, cb: (err: Error | null) => void): void;
  getSaltDevices(): string;
  getVerifierDevices(): string;
  getRandomPassword(): string;
  getLargeAValue(cb: (err: Error | null, a: { toString(radix: number): string }) => void): void;
  getPasswordAuthenticationKey(
    user: string,
    password: string,
    B: unknown,
    salt: unknown,
    cb: (err: Error | null, key: Buffer) => void,
  ): void;
}
const helperFor = (group: string) => new AuthenticationHelper(group);

export interface Device {
  key: string;
  group: string;
  password: string;
}

/** ConfirmDevice for a sign-in's NewDeviceMetadata, as the clients do it; returns the device and the answer. */
export async function confirmDevice(
  c: CognitoIdentityProviderClient,
  result: AuthenticationResultType,
  DeviceName = 'test device',
): Promise<{ device: Device; UserConfirmationNecessary: boolean | undefined }> {
  const meta = result.NewDeviceMetadata!;
  const helper = helperFor(meta.DeviceGroupKey!);
  await new Promise<void>((resolve, reject) =>
    helper.generateHashDevice(meta.DeviceGroupKey!, meta.DeviceKey!, (e) => (e ? reject(e) : resolve())),
  );
  const out = await c.send(
    new ConfirmDeviceCommand({
      AccessToken: result.AccessToken!,
      DeviceKey: meta.DeviceKey!,
      DeviceName,
      DeviceSecretVerifierConfig: {
        Salt: Buffer.from(helper.getSaltDevices(), 'hex').toString('base64'),
        PasswordVerifier: Buffer.from(helper.getVerifierDevices(), 'hex').toString('base64'),
      },
    }),
  );
  return {
    device: { key: meta.DeviceKey!, group: meta.DeviceGroupKey!, password: helper.getRandomPassword() },
    UserConfirmationNecessary: out.UserConfirmationNecessary,
  };
}

/** Answers a DEVICE_SRP_AUTH challenge (its Session given) through to the end of the sign-in. */
export async function answerDeviceSrp(
  c: CognitoIdentityProviderClient,
  ClientId: string,
  username: string,
  Session: string,
  device: Device,
  password = device.password,
): Promise<RespondToAuthChallengeCommandOutput> {
  const helper = helperFor(device.group);
  const A = await new Promise<string>((resolve, reject) =>
    helper.getLargeAValue((e, a) => (e ? reject(e) : resolve(a.toString(16)))),
  );
  const srp = await c.send(
    new RespondToAuthChallengeCommand({
      ClientId,
      ChallengeName: 'DEVICE_SRP_AUTH',
      Session,
      ChallengeResponses: { USERNAME: username, DEVICE_KEY: device.key, SRP_A: A },
    }),
  );
  if (srp.ChallengeName !== 'DEVICE_PASSWORD_VERIFIER') throw new Error(`got ${srp.ChallengeName}`);
  const p = srp.ChallengeParameters!;
  const key = await new Promise<Buffer>((resolve, reject) =>
    helper.getPasswordAuthenticationKey(
      device.key,
      password,
      new BigInteger(p.SRP_B, 16),
      new BigInteger(p.SALT, 16),
      (e, k) => (e ? reject(e) : resolve(k)),
    ),
  );
  const timestamp = new DateHelper().getNowString();
  const signature = createHmac('sha256', key)
    .update(device.group)
    .update(device.key)
    .update(Buffer.from(p.SECRET_BLOCK, 'base64'))
    .update(timestamp)
    .digest('base64');
  return c.send(
    new RespondToAuthChallengeCommand({
      ClientId,
      ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
      Session: srp.Session,
      ChallengeResponses: {
        USERNAME: p.USERNAME,
        PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK,
        PASSWORD_CLAIM_SIGNATURE: signature,
        TIMESTAMP: timestamp,
        DEVICE_KEY: device.key,
      },
    }),
  );
}
