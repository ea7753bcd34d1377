// The end of a sign-in on managed login: the shared sign-in steps end through a Finish that keeps
// who signed in (no tokens), then the domain's session starts and the browser goes on with the
// authorize request's answer.
import type { User } from '../users/store.js';
import type { Finish } from '../auth/step.js';
import { postAuthentication } from '../triggers/authentication.js';
import { grantAuthorization } from '../oauth/authorize.js';
import { startSession } from '../oauth/session.js';
import { redirect } from '../oauth/wire.js';
import type { LoginContext } from './context.js';

/** Ends a sign-in: the domain's session starts, the browser goes on with the authorize request's answer. */
export async function finishSignIn(c: LoginContext, user: User): Promise<void> {
  const now = c.deps.now();
  const session = await startSession(c.deps.store.db, c.deps.serverKey, c.d.pool.id, user.sub, now, c.d.cookies);
  redirect(c.res, await grantAuthorization(c.deps, c.d.pool, c.a, user, Math.floor(now / 1000)), [session]);
}

/** A Finish that ends the shared sign-in steps without tokens, keeping who signed in. */
export function capture(): { finish: Finish; user?: User } {
  const out: { finish: Finish; user?: User } = {
    finish: async (deps, pool, client, user) => {
      // Managed login's sign-ins pass PostAuthentication as the API's do (auth/step.ts, signedIn).
      await postAuthentication(deps, pool, client, user);
      out.user = user;
      // No tokens; an (empty) result still says the sign-in passed, as threat protection reads it.
      return { ChallengeParameters: {}, AuthenticationResult: {} };
    },
  };
  return out;
}
