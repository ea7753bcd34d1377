// Exporting threat protection's user activity (log delivery, event source userAuthEvents): each
// auth event a pool records is written, as it is recorded and again as a later step of its
// sign-in changes it, to the pool's CloudWatch Logs group, in the transaction that writes the
// event's row. A pool without the delivery reads and writes nothing more: the group's ARN comes
// with the pool (Pool.authEventsLog, kept on its row by SetLogDeliveryConfiguration).
//
// The event follows AWS's documented example ("Exporting logs from Amazon Cognito user pools",
// developer guide, section "Exporting threat protection user activity logs": eventTimestamp,
// eventSource USER_ACTIVITY, logLevel INFO, message { version "1", eventId, eventType, userSub,
// userName, userPoolId, clientId, creationDate as "Wed Jul 17 17:25:55 UTC 2024", eventResponse,
// riskLevel, riskDecision, challenges, deviceName, ipAddress, requestId, idpName,
// compromisedCredentialDetected "false", city, country, eventFeedback*, hasContextData "true" },
// logSourceId.userPoolId; "This log schema is subject to change. Some fields might be logged with
// null values."). Not on record, and cognate's: riskDecision's words beyond the example's PASS
// (for NoRisk) — Block is BLOCK, AccountTakeover ACCOUNT_TAKEOVER —; the form of a non-empty
// `challenges` (the example's is empty; here { challengeName, challengeResponse } as
// AdminListUserAuthEvents' ChallengeResponses); that a changed event is exported again under its
// eventId; the stream name `userAuthEvents/<pool id>`. requestId is the id of the request that
// recorded or changed the event (its x-amzn-RequestId). idpName, city, country and the
// feedback fields are empty (cognate has no geolocation, docs/threat-protection.md; feedback given
// later is not exported again).
import type {
  ChallengeResponseType,
  EventContextDataType,
  EventRiskType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Tx } from '../../../store/store.js';
import { appendLogEvents, parseLogGroupArn } from '../../../store/log-events.js';
import type { Pool } from '../pools/store.js';

export interface ExportedEvent {
  eventId: string;
  type: string;
  response: string;
  createdAt: number;
  sub: string;
  username: string;
  clientId?: string;
  requestId?: string;
  risk: EventRiskType;
  challenges: ChallengeResponseType[];
  context?: EventContextDataType;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** A time as the example's creationDate shows it (Java's Date#toString in UTC): "Wed Jul 17 17:25:55 UTC 2024". */
export function javaDate(ms: number): string {
  const d = new Date(ms);
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ${time} UTC ${d.getUTCFullYear()}`;
}

const DECISIONS: Record<string, string> = { NoRisk: 'PASS', Block: 'BLOCK', AccountTakeover: 'ACCOUNT_TAKEOVER' };

/** The log event's text for one auth event. */
export function exportedMessage(poolId: string, e: ExportedEvent, now: number): string {
  return JSON.stringify({
    eventTimestamp: String(now),
    eventSource: 'USER_ACTIVITY',
    logLevel: 'INFO',
    message: {
      version: '1',
      eventId: e.eventId,
      eventType: e.type,
      userSub: e.sub,
      userName: e.username,
      userPoolId: poolId,
      clientId: e.clientId ?? '',
      creationDate: javaDate(e.createdAt),
      eventResponse: e.response,
      riskLevel: e.risk.RiskLevel ?? '',
      riskDecision: DECISIONS[e.risk.RiskDecision ?? 'NoRisk'] ?? e.risk.RiskDecision,
      challenges: e.challenges.map((c) => ({ challengeName: c.ChallengeName, challengeResponse: c.ChallengeResponse })),
      deviceName: e.context?.DeviceName ?? '',
      ipAddress: e.context?.IpAddress ?? '',
      requestId: e.requestId ?? '',
      idpName: '',
      compromisedCredentialDetected: String(e.risk.CompromisedCredentialsDetected ?? false),
      city: e.context?.City ?? '',
      country: e.context?.Country ?? '',
      eventFeedbackValue: '',
      eventFeedbackDate: '',
      eventFeedbackProvider: '',
      hasContextData: String(e.context !== undefined),
    },
    logSourceId: { userPoolId: poolId },
  });
}

/** Whether the pool exports its user activity (to CloudWatch Logs, the one destination cognate delivers to). */
export const exportsEvents = (pool: Pick<Pool, 'authEventsLog'>): boolean => pool.authEventsLog !== undefined;

/** Writes the event to the pool's user-activity log group in `trx`; a group deleted since is skipped, as a gone destination. */
export async function exportEvent(
  trx: Tx,
  pool: Pick<Pool, 'id' | 'authEventsLog'>,
  event: ExportedEvent,
  now: number,
): Promise<void> {
  const group = pool.authEventsLog ? parseLogGroupArn(pool.authEventsLog) : undefined;
  if (!group) return;
  await appendLogEvents(
    trx,
    { ...group, stream: `userAuthEvents/${pool.id}`, createStream: true },
    [{ timestamp: now, message: exportedMessage(pool.id, event, now) }],
    now,
  );
}
