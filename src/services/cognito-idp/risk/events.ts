// Auth events: what a pool with threat protection on (AdvancedSecurityMode AUDIT or ENFORCED)
// records of its users' sign-ins, sign-ups, password resets and changes and code resends, as
// AdminListUserAuthEvents shows them ("One authentication event that Amazon Cognito logged in a
// user pool with threat protection active", API reference, AuthEventType). With the mode OFF
// nothing is written: the check is a read of the pool's configuration the request already holds.
// cognate scores no risk (docs/threat-protection.md): every event it records carries
// RiskDecision NoRisk, but a sign-in from an always-block range (ENFORCED), which is Block.
import { randomBytes } from 'node:crypto';
import type {
  AuthEventType,
  ChallengeResponseType,
  ContextDataType,
  EventContextDataType,
  EventRiskType,
  UserContextDataType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Db, Tx } from '../../../store/store.js';
import type { AuthEventRow } from '../../../store/tables/cognito-idp-risk.js';
import type { Deps } from '../../context.js';
import type { Pool } from '../pools/store.js';
import { recordsEvents } from './mode.js';
import { findUser, type User } from '../users/store.js';
import { exportEvent, exportsEvents } from './export.js';

export type EventKind = 'SignIn' | 'SignUp' | 'ForgotPassword' | 'PasswordChange' | 'ResendCode';
export type EventResponse = 'Pass' | 'Fail' | 'InProgress';

export interface NewEvent {
  type: EventKind;
  response: EventResponse;
  challenges?: ChallengeResponseType[];
  context?: EventContextDataType;
  risk?: EventRiskType;
  /** the app client the request named, for the exported log (risk/export.ts) */
  clientId?: string;
  /** the request's id, for the exported log */
  requestId?: string;
}

let lastMs = 0;
let seq = 0;
/**
 * An event id: a UUID in version 7's layout (milliseconds first, then a per-process count within
 * the millisecond, then random bits), so a user's events list in the order they happened, ties
 * within one millisecond of one process included.
 */
function eventId(now: number): string {
  seq = now === lastMs ? (seq + 1) & 0xfff : 0;
  lastMs = now;
  const b = randomBytes(16);
  b.writeUIntBE(now, 0, 6);
  b[6] = 0x70 | (seq >> 8);
  b[7] = seq & 0xff;
  b[8] = 0x80 | (b[8] & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const NO_RISK: EventRiskType = { RiskDecision: 'NoRisk', CompromisedCredentialsDetected: false };

/**
 * The context an event shows: the address and device the request's ContextData (admin operations)
 * or UserContextData (public ones) gave. City, Country and Timezone are what AWS derives from the
 * address and the encoded device fingerprint; cognate has no geolocation and leaves them out.
 */
export function eventContext(
  data: ContextDataType | UserContextDataType | undefined,
): EventContextDataType | undefined {
  if (!data?.IpAddress) return undefined;
  const headers = 'HttpHeaders' in data ? (data.HttpHeaders ?? []) : [];
  const agent = headers.find((h) => h.headerName?.toLowerCase() === 'user-agent')?.headerValue;
  return { IpAddress: data.IpAddress, ...(agent ? { DeviceName: agent } : {}) };
}

/**
 * Records one event about the user, in `db` (the caller's transaction where it has one); none while
 * the mode is OFF. A pool that exports its user activity gets the log event in the same
 * transaction (one of its own when the caller has none).
 */
export async function recordEvent(
  deps: Deps,
  db: Db | Tx,
  pool: Pick<Pool, 'id' | 'config' | 'authEventsLog'>,
  user: Pick<User, 'sub' | 'username'>,
  event: NewEvent,
): Promise<void> {
  if (!recordsEvents(pool)) return;
  const now = deps.now();
  const id = eventId(now);
  const risk = event.risk ?? NO_RISK;
  const challenges = event.challenges ?? [];
  const write = async (trx: Db | Tx) => {
    await trx
      .insertInto('auth_events')
      .values({
        pool_id: pool.id,
        event_id: id,
        sub: user.sub,
        created_at: now,
        event_type: event.type,
        response: event.response,
        risk: JSON.stringify(risk),
        challenges: JSON.stringify(challenges),
        context: event.context ? JSON.stringify(event.context) : null,
        feedback_value: null,
        feedback_provider: null,
        feedback_at: null,
      })
      .execute();
  };
  if (!exportsEvents(pool)) return write(db);
  const both = async (trx: Tx) => {
    await write(trx);
    await exportEvent(
      trx,
      pool,
      {
        eventId: id,
        type: event.type,
        response: event.response,
        createdAt: now,
        sub: user.sub,
        username: user.username,
        ...(event.clientId ? { clientId: event.clientId } : {}),
        ...(event.requestId ? { requestId: event.requestId } : {}),
        risk,
        challenges,
        ...(event.context ? { context: event.context } : {}),
      },
      now,
    );
  };
  return db.isTransaction ? both(db as Tx) : deps.store.tx(both);
}

/** How long after its start a sign-in can still answer a challenge: the longest AuthSessionValidity, 15 minutes. */
const SIGN_IN_SPAN_MS = 15 * 60_000;

/**
 * A later step of a sign-in in progress (a challenge answered): its event, the user's latest
 * SignIn still InProgress, gains the challenge's result and the step's outcome. A Session does not
 * name its event, so the latest one of the user is taken; two sign-ins of one user interleaving
 * their challenges may update each other's event.
 */
export async function continueSignIn(
  deps: Deps,
  pool: Pick<Pool, 'id' | 'config' | 'authEventsLog'>,
  sub: string,
  added: ChallengeResponseType | undefined,
  response: EventResponse,
  request: { clientId?: string; requestId?: string } = {},
  /** where the sign-in writes (risk/sign-in-event.ts): its transaction, or the store */
  trx?: Db | Tx,
): Promise<void> {
  const { clientId, requestId } = request;
  if (!recordsEvents(pool)) return;
  const step = async (db: Db | Tx) => {
    const row = await db
      .selectFrom('auth_events')
      .select(['event_id', 'challenges', 'created_at', 'risk', 'context'])
      .where('pool_id', '=', pool.id)
      .where('sub', '=', sub)
      .where('event_type', '=', 'SignIn')
      .where('response', '=', 'InProgress')
      .where('created_at', '>', deps.now() - SIGN_IN_SPAN_MS)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    if (!row) return undefined;
    const challenges = JSON.parse(row.challenges) as ChallengeResponseType[];
    if (added) challenges.push(added);
    await db
      .updateTable('auth_events')
      .set({ response, challenges: JSON.stringify(challenges) })
      .where('pool_id', '=', pool.id)
      .where('event_id', '=', row.event_id)
      .execute();
    return { row, challenges };
  };
  if (!exportsEvents(pool)) {
    await step(trx ?? deps.store.db);
    return;
  }
  const both = async (trx: Tx) => {
    const done = await step(trx);
    if (!done) return;
    const user = await trx
      .selectFrom('users')
      .select('username')
      .where('pool_id', '=', pool.id)
      .where('sub', '=', sub)
      .executeTakeFirst();
    await exportEvent(
      trx,
      pool,
      {
        eventId: done.row.event_id,
        type: 'SignIn',
        response,
        createdAt: Number(done.row.created_at),
        sub,
        username: user?.username ?? '',
        ...(clientId ? { clientId } : {}),
        ...(requestId ? { requestId } : {}),
        risk: JSON.parse(done.row.risk) as EventRiskType,
        challenges: done.challenges,
        ...(done.row.context ? { context: JSON.parse(done.row.context) as EventContextDataType } : {}),
      },
      deps.now(),
    );
  };
  await (trx?.isTransaction ? both(trx as Tx) : deps.store.tx(both));
}

/** An event as the listing reads it: its row, without the pool and user it is filed under. */
export type EventRow = Omit<AuthEventRow, 'pool_id' | 'sub'>;

export function toAuthEvent(r: EventRow): AuthEventType {
  return {
    EventId: r.event_id,
    EventType: r.event_type as AuthEventType['EventType'],
    CreationDate: new Date(Number(r.created_at)),
    EventResponse: r.response as AuthEventType['EventResponse'],
    EventRisk: JSON.parse(r.risk) as EventRiskType,
    ChallengeResponses: JSON.parse(r.challenges) as ChallengeResponseType[],
    ...(r.context ? { EventContextData: JSON.parse(r.context) as EventContextDataType } : {}),
    ...(r.feedback_value
      ? {
          EventFeedback: {
            FeedbackValue: r.feedback_value as 'Valid' | 'Invalid',
            Provider: r.feedback_provider ?? '',
            ...(r.feedback_at !== null ? { FeedbackDate: new Date(Number(r.feedback_at)) } : {}),
          },
        }
      : {}),
  };
}

/** Records an event about the user a name finds (none if it finds none, or the mode is OFF). */
export async function recordForName(deps: Deps, pool: Pool, username: string, event: NewEvent): Promise<void> {
  if (!recordsEvents(pool)) return;
  const user = await findUser(deps.store.db, pool, username);
  if (user) await recordEvent(deps, deps.store.db, pool, user, event);
}
