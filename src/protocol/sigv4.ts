// Reads the caller's account and region from a SigV4 Authorization header, the way LocalStack
// does: the region comes from the credential scope, the account from the access key (a 12-digit
// key is that account; any other key is the configured default account). Signatures are not
// verified: cognate is a local stand-in for AWS, and clients sign with whatever keys they have.
//
//   Authorization: AWS4-HMAC-SHA256 Credential=AKID/20261122/us-east-1/cognito-idp/aws4_request, ...
import type { Caller, KeySessions } from '../kernel/caller.js';

const CREDENTIAL = /Credential=([^/,\s]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request/;

export function parseAuthorization(header: string | undefined, defaultAccount: string): Caller | null {
  if (!header?.startsWith('AWS4-HMAC-SHA256')) return null;
  const m = CREDENTIAL.exec(header);
  if (!m) return null;
  const [, accessKey, , region, service] = m;
  return { accessKey, region, service, account: /^\d{12}$/.test(accessKey) ? accessKey : defaultAccount };
}

/**
 * The caller, with the account of a temporary key taken from the session STS issued it for: a
 * role's credentials act in the role's account, whatever service they call. A key past its
 * expiry is refused with `expired()`, the protocol's ExpiredToken error.
 */
export async function resolveCaller(
  caller: Caller | null,
  sessions: KeySessions | undefined,
  now: number,
  expired: () => Error,
): Promise<Caller | null> {
  if (!caller || !sessions || !caller.accessKey.startsWith('ASIA')) return caller;
  const session = await sessions(caller.accessKey);
  if (!session) return caller;
  if (session.expiresAt <= now) throw expired();
  return { ...caller, account: session.account };
}
