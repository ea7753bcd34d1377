// A route beside the AWS APIs: the JSON well-known documents, the links people follow from their
// mail, the capture mailbox, cognate's operator and diagnosis endpoints. Each answers JSON through
// `sendJson` or a page through `sendPage` (./page.ts), and refuses by throwing `OperatorError`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestContext } from './operation.js';

export interface Route {
  method: string;
  /** the exact path, or a pattern for paths with a variable part (/<poolId>/.well-known/jwks.json) */
  path: string | RegExp;
  /**
   * The route reads the request body itself, as a stream (an upload larger than --max-body-bytes:
   * the user import CSV); `body` is then empty.
   */
  streamsBody?: boolean;
  handle: (req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer, ctx: RequestContext) => Promise<void>;
}

/** Answers `body` as JSON (no body: an empty one, for 204). */
export function sendJson(res: ServerResponse, status: number, body?: unknown): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** What an operator route's refusal says: a stable code for programs, a sentence for people. */
export type OperatorErrorCode =
  | 'bad_request' // a parameter or the body is missing or wrong (400)
  | 'forbidden' // the request did not come through a host this server answers operator calls on (403)
  | 'not_found' // no such thing, or no such route (404)
  | 'conflict' // the thing is not in a state that allows it (409)
  | 'too_large'; // the body is over --max-body-bytes (413)

/**
 * The one error shape of every route beside the AWS APIs: `{"error": {"code", "message"}}`.
 * (AWS's own errors stay in each protocol's shape: those are what the SDKs read.)
 */
export interface OperatorErrorBody {
  error: { code: OperatorErrorCode; message: string };
}

/**
 * Thrown by a route to refuse a request; src/server/http.ts is the one place that writes it
 * (`operatorErrorBody`), so routes never build error bodies themselves.
 */
export class OperatorError extends Error {
  constructor(
    readonly status: number,
    readonly code: OperatorErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const operatorErrorBody = (e: OperatorError): OperatorErrorBody => ({
  error: { code: e.code, message: e.message },
});

/**
 * The code and message of an operator error answer, for clients (the `cognate` commands, the
 * doctor); also reads `{"error": "text"}`, what cognate answered before this shape, as code `error`.
 */
export function readOperatorError(body: unknown): { code: string; message: string } | undefined {
  const e = (body as { error?: unknown } | null)?.error;
  if (typeof e === 'string') return { code: 'error', message: e };
  if (typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string') {
    return { code: String((e as { code?: unknown }).code ?? 'error'), message: (e as { message: string }).message };
  }
  return undefined;
}
