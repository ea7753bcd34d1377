// Device tracking's table (migration 019): the devices users confirmed (ConfirmDevice), each with
// the SRP verifier its client made from a random device password. Times are epoch milliseconds.

export interface DeviceRow {
  pool_id: string;
  /** `<region>_<uuid>`, as NewDeviceMetadata gave it */
  device_key: string;
  /** the user the device is registered to */
  sub: string;
  /** DeviceName of ConfirmDevice, or null */
  name: string | null;
  /** DeviceSecretVerifierConfig, as hex (null where ConfirmDevice gave none) */
  salt: string | null;
  verifier: string | null;
  /** remembered | not_remembered */
  status: string;
  /** the address of the last request that confirmed or authenticated the device */
  last_ip: string | null;
  created_at: number;
  modified_at: number;
  /** the last device authentication (DEVICE_PASSWORD_VERIFIER), or the confirmation */
  authenticated_at: number;
}
