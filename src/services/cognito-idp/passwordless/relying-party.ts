// The relying party a pool's passkeys are bound to, and which web origins may use them.
//
// WebAuthnConfiguration.RelyingPartyId names it; left unset, AWS uses the pool's domain (the
// custom domain where there is one: WebAuthnConfigurationType's documentation), and a pool with
// neither cannot hold passkeys (WebAuthnConfigurationMissingException). Texts of the refusals are
// not on record: cognate's words.
import {
  WebAuthnConfigurationMissingException,
  WebAuthnNotEnabledException,
  WebAuthnOriginNotAllowedException,
} from '../../../generated/cognito-idp/errors.js';
import type { Db } from '../../../store/store.js';
import type { Pool } from '../pools/store.js';
import { domainsOfPool } from '../domains/store.js';
import { allowedFirstFactors, passkeyIsMultiFactor } from '../pools/sign-in-policy.js';

export interface Passkeys {
  rpId: string;
  /** what the pool asks of authenticators; MFA-grade passkeys always verify the user */
  userVerification: 'required' | 'preferred';
}

/** The pool's passkey settings, once passkeys are allowed and a relying party is known. */
export async function passkeysOf(db: Db, pool: Pool): Promise<Passkeys> {
  if (!allowedFirstFactors(pool.config).includes('WEB_AUTHN'))
    throw new WebAuthnNotEnabledException('WEB_AUTHN is not an allowed first auth factor of this user pool.');
  const rpId = pool.config.WebAuthnConfiguration?.RelyingPartyId ?? (await domainRpId(db, pool.id));
  if (!rpId)
    throw new WebAuthnConfigurationMissingException(
      'The user pool has no relying party ID for passkeys: set WebAuthnConfiguration.RelyingPartyId or create a user pool domain.',
    );
  const required =
    pool.config.WebAuthnConfiguration?.UserVerification === 'required' || passkeyIsMultiFactor(pool.config);
  return { rpId, userVerification: required ? 'required' : 'preferred' };
}

async function domainRpId(db: Db, poolId: string): Promise<string | undefined> {
  const domains = await domainsOfPool(db, poolId);
  return (domains.find((d) => d.kind === 'custom') ?? domains.find((d) => d.kind === 'prefix'))?.host;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * A browser signs a credential for the page's origin, and may use a relying party ID that is the
 * origin's host or a registrable suffix of it (WebAuthn §5.1.3); over HTTPS, or plain HTTP on a
 * loopback host, as browsers allow.
 */
export function checkOrigin(origin: unknown, rpId: string): string {
  let url: URL | undefined;
  try {
    url = typeof origin === 'string' ? new URL(origin) : undefined;
  } catch {
    url = undefined;
  }
  const host = url?.hostname;
  const secure = url?.protocol === 'https:' || (url?.protocol === 'http:' && LOOPBACK.has(host ?? ''));
  if (!url || !host || !secure || url.origin !== origin || (host !== rpId && !host.endsWith(`.${rpId}`)))
    throw new WebAuthnOriginNotAllowedException(
      `The origin ${String(origin)} is not allowed for the relying party ID ${rpId}.`,
    );
  return origin as string;
}
