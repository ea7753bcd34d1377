// A route beside the AWS APIs: the JSON well-known documents, the links people follow from their
// mail, the capture mailbox, cognate's operator and diagnosis endpoints. Each answers JSON through
// `sendJson` or a page through `sendPage` (./page.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestContext } from './operation.js';

export interface Route {
  method: string;
  /** the exact path, or a pattern for paths with a variable part (/<poolId>/.well-known/jwks.json) */
  path: string | RegExp;
  handle: (req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer, ctx: RequestContext) => Promise<void>;
}

/** Answers `body` as JSON (no body: an empty one, for 204). */
export function sendJson(res: ServerResponse, status: number, body?: unknown): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
