// SAML single logout for the IdPs whose details say IDPSignout "true" (developer guide, "Signing
// out SAML users with single sign-out"). /logout ends the domain's session and, for a session
// that began at such an IdP, "redirects your SAML user with the following request to the SLO
// endpoint that's specified in the IdP metadata": a LogoutRequest (its NameID and SessionIndex
// those of the assertion that signed the user in) signed with the pool's signing key in the
// HTTP-Redirect binding (SigAlg rsa-sha256). "Your IdP must send the LogoutResponse in an HTTP
// POST request" to /saml2/logout, and the browser goes on to where /logout would have sent it.
// What cognate remembers meanwhile travels as the RelayState, sealed like a sign-in's state
// (./state.ts), good for ten minutes and once.
//
// An IdP that signs the user out elsewhere may POST its own signed LogoutRequest to
// /saml2/logout: the sessions it names end (its NameID's, or the one SessionIndex it names) and
// the IdP hears a signed LogoutResponse at its SLO address.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Profile } from '@node-saml/node-saml';
import { xpath } from '@node-saml/node-saml/lib/xml.js';
import type { Deps } from '../../context.js';
import { seal, unseal } from '../../../crypto/seal.js';
import { sendErrorPage } from '../login/error-page.js';
import type { DomainRequest } from '../oauth/domain.js';
import { endSamlSessions, SESSION_COOKIE, type SamlSubject } from '../oauth/session.js';
import { cookie, readForm, redirect } from '../oauth/wire.js';
import { findProvider, listProviders, type IdentityProvider } from '../idps/store.js';
import { FederationError } from './oidc.js';
import { idpKeys, metadataOf, newRequestId, samlDocument, samlOf } from './saml.js';
import { spendOnce } from './state.js';

const PURPOSE = 'saml logout state';
const LIFETIME_MS = 10 * 60_000;
const UNSPECIFIED = 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';

interface LogoutState {
  id: string;
  provider: string;
  /** the LogoutRequest's ID, which the LogoutResponse must answer */
  requestId: string;
  /** where /logout would have sent the browser */
  next: string;
  expiresAt: number;
}

const signsOut = (p: IdentityProvider | undefined): p is IdentityProvider =>
  p?.type === 'SAML' && p.details.IDPSignout === 'true' && Boolean(p.details.SLORedirectBindingURI);

const logoutEndpoint = (d: DomainRequest) => `${d.base}/saml2/logout`;

/**
 * Where /logout sends the browser once the session it ended is known: to the IdP's SLO address with
 * a signed LogoutRequest, or undefined where there is none to send (not a SAML session, the IdP
 * without IDPSignout or an SLO address, or its metadata out of reach: the session has ended here
 * all the same).
 */
export async function singleLogoutUrl(
  deps: Deps,
  d: DomainRequest,
  subject: SamlSubject,
  next: string,
): Promise<string | undefined> {
  const p = await findProvider(deps.store.db, d.pool.id, subject.provider);
  if (!signsOut(p)) return undefined;
  const requestId = newRequestId();
  const state: LogoutState = {
    id: randomUUID(),
    provider: p.name,
    requestId,
    next,
    expiresAt: deps.now() + LIFETIME_MS,
  };
  const saml = await samlFor(deps, d, p, { expectedRequest: requestId, sign: true });
  if (!saml) return undefined;
  const user = {
    issuer: '',
    nameID: subject.nameId,
    nameIDFormat: subject.nameIdFormat ?? UNSPECIFIED,
    ...(subject.sessionIndex ? { sessionIndex: subject.sessionIndex } : {}),
  } as Profile;
  return saml.getLogoutUrlAsync(user, seal(deps.serverKey, PURPOSE, JSON.stringify(state)), {});
}

// cognate's words (AWS's pages for these are not on record).
const BAD_STATE = 'This sign-out link is not valid any more.';
const UNVERIFIED = "The identity provider's sign-out message could not be verified.";

/** POST /saml2/logout: the IdP's LogoutResponse to cognate's request, or its own LogoutRequest. */
export async function samlLogout(
  deps: Deps,
  d: DomainRequest,
  req: IncomingMessage,
  res: ServerResponse,
  _url: URL,
  body: Buffer,
): Promise<void> {
  const form = readForm(req, body);
  const response = form.get('SAMLResponse');
  if (response) return logoutResponse(deps, d, res, response, form.get('RelayState') ?? '');
  const request = form.get('SAMLRequest');
  if (request) return logoutRequest(deps, d, res, request, form.get('RelayState') ?? '');
  sendErrorPage(res, 400, 'invalid_request', 'The sign-out message has no SAMLResponse or SAMLRequest.');
}

async function logoutResponse(deps: Deps, d: DomainRequest, res: ServerResponse, response: string, relay: string) {
  const text = relay ? unseal(deps.serverKey, PURPOSE, relay) : undefined;
  const state = text === undefined ? undefined : (JSON.parse(text) as LogoutState);
  if (
    !state ||
    state.expiresAt <= deps.now() ||
    !(await spendOnce(deps.store.db, `saml-logout:${state.id}`, state.expiresAt))
  )
    return sendErrorPage(res, 400, 'invalid_state', BAD_STATE);
  const p = await findProvider(deps.store.db, d.pool.id, state.provider);
  const saml = p?.type === 'SAML' && (await samlFor(deps, d, p, {}));
  // The library checks the whole message's signature (by the IdP's metadata); that it answers this
  // request it leaves to the caller for a LogoutResponse (it reads InResponseTo of a Response only).
  const ok =
    saml &&
    (await verified(async () => {
      const { loggedOut } = await saml.validatePostResponseAsync({ SAMLResponse: response });
      const answers = xpath.selectAttributes(
        await samlDocument(response),
        "/*[local-name()='LogoutResponse']/@InResponseTo",
      )[0]?.value;
      return loggedOut && answers === state.requestId;
    }));
  if (!ok) return sendErrorPage(res, 400, 'invalid_request', UNVERIFIED);
  redirect(res, state.next);
}

/** The library for one logout exchange, or undefined when the IdP's metadata cannot be read. */
async function samlFor(
  deps: Deps,
  d: DomainRequest,
  p: IdentityProvider,
  call: { expectedRequest?: string; sign?: boolean },
) {
  try {
    return await samlOf(deps, p, d.pool.id, { acs: logoutEndpoint(d), ...call });
  } catch (e) {
    if (e instanceof FederationError) return undefined;
    throw e;
  }
}

/** What the library makes of a message, or undefined when it refuses it (its refusals are plain Errors). */
async function verified<T>(check: () => Promise<T>): Promise<T | undefined> {
  try {
    return await check();
  } catch {
    return undefined;
  }
}

/** The SAML IdP of the pool whose metadata names `issuer`, among those with IDPSignout. */
async function providerByIssuer(deps: Deps, poolId: string, issuer: string) {
  // A pool has at most 300 IdPs (AWS's quota); their metadata is kept for five minutes.
  for (const p of await listProviders(deps.store.db, poolId, undefined, 300)) {
    if (!signsOut(p)) continue;
    try {
      if (idpKeys(await metadataOf(deps, p)).entityId === issuer) return p;
    } catch (e) {
      if (!(e instanceof FederationError)) throw e;
    }
  }
  return undefined;
}

async function logoutRequest(deps: Deps, d: DomainRequest, res: ServerResponse, request: string, relay: string) {
  const issuer = await verified(async () =>
    xpath
      .selectElements(await samlDocument(request), "/*[local-name()='LogoutRequest']/*[local-name()='Issuer']")[0]
      ?.textContent?.trim(),
  );
  const p = issuer ? await providerByIssuer(deps, d.pool.id, issuer) : undefined;
  const saml = p && (await samlFor(deps, d, p, { sign: true }));
  // The library checks the request's signature against the IdP's certificates, its issuer and NameID.
  const checked = saml && (await verified(() => saml.validatePostRequestAsync({ SAMLRequest: request })));
  if (!p || !saml || !checked) return sendErrorPage(res, 400, 'invalid_request', UNVERIFIED);
  const { profile } = checked;
  await endSamlSessions(deps.store.db, d.pool.id, {
    provider: p.name,
    nameId: profile.nameID,
    ...(profile.sessionIndex ? { sessionIndex: profile.sessionIndex } : {}),
  });
  redirect(res, await saml.getLogoutResponseUrlAsync(profile, relay, {}, true), [
    cookie(SESSION_COOKIE, '', d.cookies, 0),
  ]);
}
