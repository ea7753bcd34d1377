import type { RequestContext } from '../context.js';
import type { Caller } from '../../protocol/sigv4.js';

/** The signed caller of an operation that requires a signature (the protocol layer has checked it). */
export function callerOf(ctx: RequestContext): Caller {
  if (!ctx.caller) throw new Error('operation requires a signed caller');
  return ctx.caller;
}

/** Opaque pagination tokens: the position, base64url-encoded. */
export const encodeToken = (position: string) => Buffer.from(position, 'utf8').toString('base64url');
export const decodeToken = (token: string | undefined) => (token ? Buffer.from(token, 'base64url').toString('utf8') : undefined);
