// Federated sign-in on a pool's domain: /oauth2/authorize with identity_provider (or
// idp_identifier) sends the browser to the IdP ("silently redirects your user to the sign-in page
// for that identity provider", developer guide, the authorize endpoint); the IdP sends it back to
// /oauth2/idpresponse (OIDC and social) or /saml2/idpresponse (SAML), where the person becomes a
// user of the pool (./users.ts), the domain's session starts and the authorize request is
// answered as after managed login's own sign-in.
//
// Who hears a refusal: until the authorize request on record is good again, the domain's error
// page (never a redirect to an address not checked); after that, the app, at its redirect URI, as
// `error=invalid_request&error_description=...&state=...` (AWS answers a failed federation so,
// e.g. "Invalid SAML response received: ..." in error_description; AWS re:Post knowledge center).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Deps } from '../../context.js';
import { ResourceNotFoundException } from '../../../generated/cognito-idp/errors.js';
import { checkAuthorize, grantAuthorization, type AuthorizeRequest } from '../oauth/authorize.js';
import type { DomainRequest } from '../oauth/domain.js';
import { startSession } from '../oauth/session.js';
import { cookie, readForm, redirect, withParams } from '../oauth/wire.js';
import { sendErrorPage } from '../login/error-page.js';
import { findProvider, providerByIdentifier, type IdentityProvider } from '../idps/store.js';
import type { User } from '../users/store.js';
import { IdpUnreachable } from './endpoints.js';
import { FederationError, oidcAuthorizeUrl, oidcClaims, oidcSecrets } from './oidc.js';
import { authnRequestUrl, newRequestId, samlAssertion } from './saml.js';
import { newState, openState, sameBrowser, spendOnce, STATE_COOKIE, type FederationState } from './state.js';
import { federatedUser, subjectOf } from './users.js';

/** The client's identity providers other than the pool itself: the sign-in page's buttons. */
export const externalProviders = (a: AuthorizeRequest): string[] =>
  (a.client.config.SupportedIdentityProviders ?? []).filter((p) => p !== 'COGNITO');

const toApp = (res: ServerResponse, a: AuthorizeRequest, e: Error, cookies: string[] = []) =>
  redirect(
    res,
    withParams(
      a.redirectUri,
      {
        error: e instanceof FederationError ? e.error : 'invalid_request',
        error_description: e.message,
        state: a.state,
      },
      'query',
    ),
    cookies,
  );

const known = (e: unknown): e is Error => e instanceof FederationError || e instanceof IdpUnreachable;

/** The IdP an authorize request names, or undefined when it names none (managed login's own sign-in). */
async function namedProvider(deps: Deps, d: DomainRequest, a: AuthorizeRequest) {
  if (a.identityProvider !== undefined) {
    if (a.identityProvider === 'COGNITO') return undefined;
    return findProvider(deps.store.db, d.pool.id, a.identityProvider);
  }
  if (a.idpIdentifier === undefined) return undefined;
  try {
    return await providerByIdentifier(deps.store.db, d.pool.id, a.idpIdentifier);
  } catch (e) {
    if (e instanceof ResourceNotFoundException) return null;
    throw e;
  }
}

/** Sends the browser to the IdP the request names; false when it names none. */
export async function startFederation(
  deps: Deps,
  d: DomainRequest,
  a: AuthorizeRequest,
  res: ServerResponse,
): Promise<boolean> {
  const p = await namedProvider(deps, d, a);
  if (p === undefined) return false;
  // An identifier of no IdP of the client: the app hears it (AWS's words are not on record: cognate's).
  if (p === null || !externalProviders(a).includes(p.name)) {
    toApp(res, a, new FederationError('The identity provider is not one of this app client.'));
    return true;
  }
  try {
    const now = deps.now();
    if (p.type === 'SAML') {
      const requestId = newRequestId();
      const { sealed, cookie: c } = newState(deps.serverKey, d, { provider: p.name, query: a.query, requestId }, now);
      redirect(res, await authnRequestUrl(deps, p, d.pool.id, `${d.base}/saml2/idpresponse`, requestId, sealed), [c]);
    } else {
      const {
        state,
        sealed,
        cookie: c,
      } = newState(deps.serverKey, d, { provider: p.name, query: a.query, ...oidcSecrets(p) }, now);
      redirect(res, await oidcAuthorizeUrl(deps, p, `${d.base}/oauth2/idpresponse`, state, sealed), [c]);
    }
  } catch (e) {
    if (!known(e)) throw e;
    toApp(res, a, e);
  }
  return true;
}

/** Ends a federated sign-in: the domain's session, then the authorize request's answer. */
async function signIn(deps: Deps, d: DomainRequest, res: ServerResponse, a: AuthorizeRequest, user: User) {
  const clear = cookie(STATE_COOKIE, '', d.cookies, 0);
  // Recorded: "User is disabled." (NotAuthorizedException of InitiateAuth, in the description here).
  if (!user.enabled) return toApp(res, a, new FederationError('User is disabled.'), [clear]);
  const now = deps.now();
  const session = await startSession(deps.store.db, deps.serverKey, d.pool.id, user.sub, now, d.cookies);
  redirect(res, await grantAuthorization(deps, d.pool, a, user, Math.floor(now / 1000)), [session, clear]);
}

/** The authorize request a state carries, checked again (the client may have changed meanwhile). */
async function requestOf(deps: Deps, d: DomainRequest, query: string) {
  const checked = await checkAuthorize(deps, d.pool, new URLSearchParams(query));
  return 'ok' in checked ? checked.ok : undefined;
}

// cognate's words for a return that answers no request of this domain (AWS's page is not on record).
const BAD_STATE = 'This sign-in link is not valid any more. Go back to the app and sign in again.';

/** GET or POST /oauth2/idpresponse: an OIDC or social IdP's answer. */
export async function oidcResponse(
  deps: Deps,
  d: DomainRequest,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: Buffer,
): Promise<void> {
  const post = req.method === 'POST';
  const params = post ? readForm(req, body) : url.searchParams;
  const now = deps.now();
  const state = openState(deps.serverKey, params.get('state') ?? undefined, now);
  if (!state || (!post && !sameBrowser(deps.serverKey, req, state)))
    return sendErrorPage(res, 400, 'invalid_state', BAD_STATE);
  if (!(await spendOnce(deps.store.db, `federation:${state.id}`, state.expiresAt)))
    return sendErrorPage(res, 400, 'invalid_state', BAD_STATE);
  const a = await requestOf(deps, d, state.query);
  if (!a) return sendErrorPage(res, 400, 'invalid_request', BAD_STATE);
  const p = await findProvider(deps.store.db, d.pool.id, state.provider);
  try {
    if (!p || p.type === 'SAML') throw new FederationError('The identity provider no longer exists.');
    // The IdP's own refusal (the person declined, ...) goes on to the app as the IdP said it.
    const error = params.get('error');
    if (error) throw new FederationError(params.get('error_description') ?? error, error);
    const code = params.get('code');
    if (!code) throw new FederationError('The identity provider sent no code.');
    const claims = await oidcClaims(
      deps,
      p,
      code,
      `${d.base}/oauth2/idpresponse`,
      state,
      post ? (params.get('user') ?? undefined) : undefined,
    );
    const subject = subjectOf(p, claims);
    if (!subject) throw new FederationError('The identity provider did not name the user.');
    return await signIn(deps, d, res, a, await federatedUser(deps, d.pool, p, subject, claims));
  } catch (e) {
    if (!known(e)) throw e;
    toApp(res, a, e, [cookie(STATE_COOKIE, '', d.cookies, 0)]);
  }
}

/**
 * The IdP-initiated form: RelayState holds the authorize request's parameters ("The RelayState
 * parameter contains the request parameters that you would otherwise pass to the oauth2/authorize
 * endpoint", developer guide, the saml2/idpresponse endpoint), for an IdP whose details allow it
 * (IDPInit "true", API reference, ProviderDetails).
 */
async function idpInitiated(deps: Deps, d: DomainRequest, relayState: string) {
  const a = await requestOf(deps, d, relayState);
  if (!a) return undefined;
  const p = await namedProvider(deps, d, a);
  if (p?.type !== 'SAML' || !externalProviders(a).includes(p.name)) return undefined;
  return { a, p, state: undefined as FederationState | undefined };
}

/** POST /saml2/idpresponse: a SAML IdP's response, SP- or IdP-initiated. */
export async function samlResponse(
  deps: Deps,
  d: DomainRequest,
  req: IncomingMessage,
  res: ServerResponse,
  _url: URL,
  body: Buffer,
): Promise<void> {
  const form = readForm(req, body);
  const relayState = form.get('RelayState') ?? '';
  const samlResponseValue = form.get('SAMLResponse') ?? '';
  const now = deps.now();
  const state = openState(deps.serverKey, relayState, now);
  let trip: { a: AuthorizeRequest; p: IdentityProvider | undefined; state?: FederationState } | undefined;
  if (state) {
    if (!(await spendOnce(deps.store.db, `federation:${state.id}`, state.expiresAt)))
      return sendErrorPage(res, 400, 'invalid_state', BAD_STATE);
    const a = await requestOf(deps, d, state.query);
    trip = a && { a, p: await findProvider(deps.store.db, d.pool.id, state.provider), state };
  } else {
    trip = await idpInitiated(deps, d, relayState);
  }
  // "Invalid relayState from identity provider": the error users report from Cognito for a
  // RelayState it cannot use (an IdP-initiated sign-in set up wrongly).
  if (!trip) return sendErrorPage(res, 400, 'invalid_request', 'Invalid relayState from identity provider');
  const { a, p } = trip;
  try {
    if (p?.type !== 'SAML') throw new FederationError('The identity provider no longer exists.');
    // An unsolicited response to an IdP that does not allow them (cognate's words: AWS's are not on record).
    if (!trip.state && p.details.IDPInit !== 'true')
      throw new FederationError(
        'Invalid SAML response received: IdP-initiated sign-in is not enabled for this identity provider.',
      );
    if (!samlResponseValue) throw new FederationError('Invalid SAML response received: no SAMLResponse');
    // "The saml2/idpresponse endpoint can accept SAML assertions of up to 100,000 characters in length."
    if (samlResponseValue.length > 100_000)
      throw new FederationError('Invalid SAML response received: the SAMLResponse is longer than 100,000 characters');
    const acs = `${d.base}/saml2/idpresponse`;
    const assertion = await samlAssertion(deps, p, d.pool.id, acs, samlResponseValue, trip.state?.requestId);
    // An assertion is good once (cognate keeps its ID for an hour): a replayed one is refused.
    if (
      assertion.assertionId &&
      !(await spendOnce(deps.store.db, `saml:${d.pool.id}:${p.name}:${assertion.assertionId}`, now + 3_600_000))
    )
      throw new FederationError('Error in SAML response processing: the assertion was already used');
    const subject = subjectOf(p, assertion.attributes, assertion.nameId);
    if (!subject) throw new FederationError('Error in SAML response processing: no NameID');
    const user = await federatedUser(
      deps,
      d.pool,
      p,
      subject,
      assertion.attributes,
      'Invalid SAML response received: ',
    );
    return await signIn(deps, d, res, a, user);
  } catch (e) {
    if (!known(e)) throw e;
    toApp(res, a, e, [cookie(STATE_COOKIE, '', d.cookies, 0)]);
  }
}
