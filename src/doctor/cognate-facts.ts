// What only cognate can tell: its delivery log (GET /_cognate/messages), how much of Cognito's
// default sender's daily quota an account has used (GET /_cognate/quotas/cognito-default-email),
// SNS's month-to-date SMS spend, number types and how the server sends pool SMS (GET /_cognate/sns/sms).
// No AWS API answers these (AWS shows deliveries in CloudWatch Logs, SMS spend as a CloudWatch
// metric), so the doctors read them only where the endpoint is cognate, and say in their report
// which facts they could not read, and why, everywhere else.
import { readOperatorError } from '../kernel/route.js';

/** cognate's own pages at an endpoint known to be cognate. */
export interface CognateFacts {
  /** a page's JSON; throws with cognate's refusal (code: message) when it refuses */
  get<T>(path: string): Promise<T>;
}

/** Either cognate's pages, or why there are none to read. */
export type CognateReach = { facts: CognateFacts; why?: undefined } | { facts?: undefined; why: string };

/** The pages of a cognate at `endpoint`, without asking first (the server's own doctor routes). */
export function cognateFactsAt(endpoint: string): CognateFacts {
  return {
    async get<T>(path: string): Promise<T> {
      const res = await fetch(new URL(path, endpoint));
      if (res.ok) return (await res.json()) as T;
      const refusal = readOperatorError(await res.json().catch(() => undefined));
      throw new Error(`${path}: ${refusal ? `${refusal.code}: ${refusal.message}` : `HTTP ${res.status}`}`);
    },
  };
}

/**
 * Whether `endpoint` is cognate: its delivery log answers as cognate's does. No endpoint is AWS,
 * which is never asked. Anything else (a 404, another emulator's answer, no answer) is not cognate.
 */
export async function reachCognate(endpoint: string | undefined): Promise<CognateReach> {
  if (!endpoint) return { why: 'no --endpoint: this is AWS itself' };
  let res: Response;
  try {
    res = await fetch(new URL('/_cognate/messages?limit=1', endpoint));
  } catch (e) {
    return { why: `${endpoint} did not answer GET /_cognate/messages (${e instanceof Error ? e.message : String(e)})` };
  }
  const body = (await res.json().catch(() => undefined)) as { messages?: unknown } | undefined;
  if (res.ok && Array.isArray(body?.messages)) return { facts: cognateFactsAt(endpoint) };
  const refusal = readOperatorError(body);
  return {
    why: refusal
      ? `cognate at ${endpoint} refused GET /_cognate/messages: ${refusal.code}: ${refusal.message}`
      : `${endpoint} is not cognate (GET /_cognate/messages answered HTTP ${res.status})`,
  };
}
