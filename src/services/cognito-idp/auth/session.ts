// The Session of a sign-in that is waiting for a challenge answer: what the server must remember
// between InitiateAuth and RespondToAuthChallenge, sealed into the opaque string the client
// carries, so any instance can take the next step. It expires after the client's
// AuthSessionValidity (3 minutes by default) and is good for one answer: answering records its
// id until it would have expired anyway.
import { randomUUID } from 'node:crypto';
import { NotAuthorizedException } from '../../../generated/cognito-idp/errors.js';
import { seal, unseal } from '../../../crypto/seal.js';
import type { Db } from '../../../store/store.js';
import { normalizeDbError, UniqueViolation } from '../../../store/errors.js';

export interface SessionState {
  id: string;
  pool: string;
  client: string;
  sub: string;
  /** the challenge this session may answer */
  challenge: string;
  /** milliseconds since the epoch */
  expiresAt: number;
  /** extra state of the challenge (e.g. a software token being set up) */
  data?: Record<string, unknown>;
}

const PURPOSE = 'auth session';

export const sealSession = (serverKey: Buffer, state: Omit<SessionState, 'id'>): string =>
  seal(serverKey, PURPOSE, JSON.stringify({ id: randomUUID(), ...state }));

/** Cognito's words for a session it cannot use (aws-amplify/amplify-js#5834, aws-amplify/amplify-js#10959). */
export const SESSION_INVALID = 'Invalid session for the user.';
/** Not on record: cognate's words, in the form of the two recorded ones. */
export const SESSION_EXPIRED = 'Invalid session for the user, session is expired.';
/** Recorded for a second answer with one session (reapit/foundations#9684, 2023). */
export const SESSION_USED = 'Invalid session for the user, session can only be used once.';

/** The state sealed in `session`; NotAuthorizedException if it is not ours, was altered, or has expired. */
export function openSession(serverKey: Buffer, session: string, now: number): SessionState {
  const text = unseal(serverKey, PURPOSE, session);
  if (text === undefined) throw new NotAuthorizedException(SESSION_INVALID);
  const state = JSON.parse(text) as SessionState;
  if (state.expiresAt <= now) throw new NotAuthorizedException(SESSION_EXPIRED);
  return state;
}

/** Marks the session (or SRP secret block) answered; a second answer with it is refused. */
export async function spendSession(db: Db, state: Pick<SessionState, 'id' | 'expiresAt'>, now: number): Promise<void> {
  try {
    await db.insertInto('spent_sessions').values({ session_id: state.id, expires_at: state.expiresAt }).execute();
  } catch (e) {
    if (normalizeDbError(e) instanceof UniqueViolation) throw new NotAuthorizedException(SESSION_USED);
    throw e;
  }
  // Now and then, forget sessions that could not be used anyway.
  if (Math.random() < 0.02) await db.deleteFrom('spent_sessions').where('expires_at', '<', now).execute();
}
