import type { RequestContext } from '../../kernel/operation.js';
import type { Caller } from '../../kernel/caller.js';
import { InvalidParameterException } from '../../generated/cognito-idp/errors.js';
import { pagePosition as sharedPosition, pageToken } from '../page-token.js';

/** The signed caller of an operation that requires a signature (the protocol layer has checked it). */
export function callerOf(ctx: RequestContext): Caller {
  if (!ctx.caller) throw new Error('operation requires a signed caller');
  return ctx.caller;
}

/**
 * Cognito's page tokens (src/services/page-token.ts), refused as AWS refuses a foreign paging
 * marker (text recorded for ListUsers, aws-sdk-js#3705).
 */
export { pageToken };

export function pagePosition(
  token: string | undefined,
  scope: string,
  width: number,
  requestId: string,
): string[] | undefined {
  return sharedPosition(
    token,
    scope,
    width,
    // AWS's text for a page token it did not issue is not on record: cognate's words.
    () => new InvalidParameterException(`Paging marker ${token} is invalid for request ${requestId}`),
  );
}
