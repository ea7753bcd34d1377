// The friendly name AWS gives a passkey ("an automatically-generated friendly name",
// WebAuthnCredentialDescription). AWS's names are not on record: cognate names a passkey by the
// kind of authenticator and the day it was registered.
export function friendlyName(attachment: string | null, now: number): string {
  const kind =
    attachment === 'platform' ? 'Device passkey' : attachment === 'cross-platform' ? 'Security key' : 'Passkey';
  return `${kind} (${new Date(now).toISOString().slice(0, 10)})`;
}
