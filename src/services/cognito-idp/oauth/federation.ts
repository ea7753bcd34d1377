// Where sign-in through a third-party identity provider begins: /oauth2/authorize with
// identity_provider or idp_identifier "silently redirects your user to the sign-in page for that
// identity provider" (developer guide, the authorize endpoint), and the sign-in page offers a
// button per provider of the client. Federation is its own piece of work (issue #21): until it
// lands, this hook says so in plain words. It returns where the browser goes, or undefined when
// the request names no provider and managed login's own sign-in applies.
import type { Deps } from '../../context.js';
import type { Pool } from '../pools/store.js';
import type { AuthorizeRequest } from './authorize.js';

export interface FederationStart {
  /** a page to show instead (federation not built yet) */
  notBuilt: string;
}

export async function startFederation(
  _deps: Deps,
  _pool: Pool,
  a: AuthorizeRequest,
): Promise<FederationStart | undefined> {
  const provider =
    a.identityProvider ?? (a.idpIdentifier !== undefined ? `the provider "${a.idpIdentifier}"` : undefined);
  if (provider === undefined || provider === 'COGNITO') return undefined;
  // cognate's words: AWS has no such page.
  return {
    notBuilt: `Signing in with ${provider} is not available on cognate yet: only the user pool's own sign-in is.`,
  };
}

/** The client's identity providers other than the pool itself, for the sign-in page's buttons (none shown until federation lands). */
export const externalProviders = (a: AuthorizeRequest): string[] =>
  (a.client.config.SupportedIdentityProviders ?? []).filter((p) => p !== 'COGNITO');
