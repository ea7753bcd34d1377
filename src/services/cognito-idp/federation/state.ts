// What cognate remembers while the browser is away at a third-party identity provider: the
// authorize request to answer on its return, the nonce and PKCE verifier of an OIDC request, the
// id of a SAML AuthnRequest. It travels with the browser, sealed (AES-256-GCM under the server
// key), as OAuth's `state` or SAML's `RelayState`, so any instance takes the return; it is good
// for ten minutes and once (its id goes to `spent_sessions`). An OIDC return (a top-level GET)
// must also come back in the browser that left: the sealed state names the keyed hash of a
// cookie set when it left, so a code obtained elsewhere cannot be planted in someone's browser
// (login CSRF). A form post from an IdP (SAML, Apple's form_post) is cross-site, and a
// SameSite=Lax cookie does not come with it: those rest on the sealed state and, for SAML, on
// the response answering this request (InResponseTo).
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { seal, unseal } from '../../../crypto/seal.js';
import type { Db } from '../../../store/store.js';
import { UniqueViolation, normalizeDbError } from '../../../store/errors.js';
import type { DomainRequest } from '../oauth/domain.js';
import { cookie, readCookies } from '../oauth/wire.js';

const PURPOSE = 'federation state';
export const STATE_COOKIE = 'cognito-fed';
const LIFETIME_MS = 10 * 60_000;

export interface FederationState {
  id: string;
  /** the IdP's name */
  provider: string;
  /** the authorize request's query string, checked again on return */
  query: string;
  nonce?: string;
  verifier?: string;
  /** a SAML AuthnRequest's ID */
  requestId?: string;
  /** the keyed hash of the browser's binding cookie */
  binding: string;
  expiresAt: number;
}

const bindingHash = (key: Buffer, value: string) =>
  createHash('sha256').update(key).update('\0federation binding\0').update(value).digest('base64url');

/** A new state for a trip to `provider`: the sealed value to send, the cookie to set beside it. */
export function newState(
  key: Buffer,
  d: DomainRequest,
  parts: Omit<FederationState, 'id' | 'binding' | 'expiresAt'>,
  now: number,
): { state: FederationState; sealed: string; cookie: string } {
  const value = randomBytes(24).toString('base64url');
  const state: FederationState = {
    ...parts,
    id: randomUUID(),
    binding: bindingHash(key, value),
    expiresAt: now + LIFETIME_MS,
  };
  return {
    state,
    sealed: seal(key, PURPOSE, JSON.stringify(state)),
    cookie: cookie(STATE_COOKIE, value, d.cookies, LIFETIME_MS / 1000),
  };
}

/** The state a returned value stands for, or undefined (not sealed here, altered, expired). */
export function openState(key: Buffer, sealed: string | undefined, now: number): FederationState | undefined {
  if (!sealed) return undefined;
  const text = unseal(key, PURPOSE, sealed);
  if (text === undefined) return undefined;
  const state = JSON.parse(text) as FederationState;
  return state.expiresAt > now ? state : undefined;
}

/** Whether the browser is the one the state left from. */
export function sameBrowser(key: Buffer, req: IncomingMessage, state: FederationState): boolean {
  const value = readCookies(req).get(STATE_COOKIE);
  if (!value) return false;
  const a = Buffer.from(bindingHash(key, value));
  const b = Buffer.from(state.binding);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Spends a one-time value (a state, an assertion's ID): true for the first caller only, on every instance. */
export async function spendOnce(db: Db, id: string, expiresAt: number): Promise<boolean> {
  try {
    await db.insertInto('spent_sessions').values({ session_id: id, expires_at: expiresAt }).execute();
    return true;
  } catch (e) {
    if (normalizeDbError(e) instanceof UniqueViolation) return false;
    throw e;
  }
}
