import type { RequestContext } from '../context.js';
import type { Caller } from '../../protocol/sigv4.js';
import { InvalidParameterException } from '../../generated/cognito-idp/errors.js';

/** The signed caller of an operation that requires a signature (the protocol layer has checked it). */
export function callerOf(ctx: RequestContext): Caller {
  if (!ctx.caller) throw new Error('operation requires a signed caller');
  return ctx.caller;
}

/**
 * Page tokens: the last row's sort values and the list they belong to (scope: which operation,
 * pool, filter), as opaque base64url JSON. A token from another list, pool or nowhere is refused
 * as AWS refuses a foreign paging marker (text recorded for ListUsers, aws-sdk-js#3705).
 */
export const pageToken = (scope: string, after: string[]) => Buffer.from(JSON.stringify({ scope, after }), 'utf8').toString('base64url');

export function pagePosition(token: string | undefined, scope: string, width: number, requestId: string): string[] | undefined {
  if (token === undefined) return undefined;
  try {
    const p: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (p && typeof p === 'object' && 'scope' in p && 'after' in p && p.scope === scope && Array.isArray(p.after)
      && p.after.length === width && p.after.every((v) => typeof v === 'string')) return p.after as string[];
  } catch {
    // not JSON: not one of ours
  }
  throw new InvalidParameterException(`Paging marker ${token} is invalid for request ${requestId}`);
}
