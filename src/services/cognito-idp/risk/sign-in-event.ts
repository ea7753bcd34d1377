// The event a sign-in that ends with tokens leaves, written by the sign-in itself right after it
// stores its refresh token (tokens/issue.ts: signInTokens), with the request's id and no second
// look-up of the user. The audit (risk/audit.ts) hands the sign-in a request-scoped copy of the dependencies that
// carries the event's writer; a sign-in that ends otherwise (a challenge, a refusal) leaves the slot
// unwritten and the audit records the event itself. A pool that records no events gets no slot, and
// the sign-in finds none.
import type { Db, Tx } from '../../../store/store.js';
import type { Deps } from '../../context.js';
import type { User } from '../users/store.js';

export interface SignInEvent {
  write: (db: Db | Tx, user: User) => Promise<void>;
  written: boolean;
}

const slots = new WeakMap<Deps, SignInEvent>();

/** Dependencies for one sign-in that carry its event's writer. */
export function withSignInEvent(deps: Deps, write: SignInEvent['write']): { deps: Deps; slot: SignInEvent } {
  const scoped: Deps = { ...deps };
  const slot: SignInEvent = { write, written: false };
  slots.set(scoped, slot);
  return { deps: scoped, slot };
}

/** The event the sign-in these dependencies belong to should write with its tokens, if any. */
export const signInEventOf = (deps: Deps): SignInEvent | undefined => slots.get(deps);
